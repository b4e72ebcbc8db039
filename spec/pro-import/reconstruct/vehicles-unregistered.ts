/**
 * Non-registered vehicle types (title and contact required): boat, agriculture, bus, truck, construction.
 * The docs name boat's brand, model_year, powertrain, physics and equipments; the rest follows the same style.
 */
import {
  brand, CONDITION_GROUP, conditionFields, EMISSION_CLASSES, enumField, equipments, GEARBOXES, HEAVY_FUELS, intField,
  mileage, model, modelYear, named, operatingHours, optionalRegistrationNumber, PHYSICS_GROUP, POWERTRAIN_GROUP,
} from "./fields.js";
import { choices, type FieldSpec, type VehicleTable } from "./table.js";

const boat: VehicleTable = {
  type: "boat",
  label: "Boats (V4 unifies the V3 boat categories 1061-1067)",
  fields: [
    brand(choices("Buster", "Yamarin", "Bayliner", "Linder", "Ryds", "Anytec", "Nimbus", "Princess", "Quicksilver", "Sea Ray", "Finnmaster", "Flipper", "Hallberg-Rassy", "Beneteau", "Jeanneau", "Bavaria", "Arvor", "Uttern"), "buster", { source: named("brand for boats") }),
    model("Magnum Pro"),
    modelYear(2020, { required: true, source: named("model_year for boats") }),
    enumField("boat_type", choices(["motorboat", "Motorbåt"], ["sailboat", "Segelbåt"], ["rib", "Ribbåt / gummibåt"], ["dinghy", "Jolle / roddbåt"], ["kayak_canoe", "Kajak / kanot"], ["jet_ski", "Vattenskoter"], ["daycruiser", "Daycruiser"], ["other", "Övrigt"]), "Kind of boat.", "motorboat", { required: true }),
    enumField("powertrain.fuel", choices("Petrol", "Diesel", "Electric", "Hybrid"), "Fuel.", "petrol"),
    enumField("powertrain.engine_type", choices(["outboard", "Utombordare"], ["inboard", "Inombordare"], ["sterndrive", "Drev"], ["jet", "Jet"], ["sail_drive", "Saildrive"], ["none", "Ingen motor"]), "Engine type.", "outboard"),
    intField("powertrain.horsepower", "Engine power in horsepower (hp).", 150),
    enumField("powertrain.engine_brand", choices("Yamaha", "Mercury", "Volvo Penta", "Suzuki", "Honda", "Evinrude", "MerCruiser", "Yanmar", "Tohatsu", "Torqeedo"), "Engine brand.", "yamaha"),
    intField("physics.length_cm", "Length overall in centimetres.", 595),
    intField("physics.width_cm", "Beam in centimetres.", 230),
    intField("physics.weight_kg", "Weight in kg.", 780),
    enumField("physics.hull_material", choices(["aluminium", "Aluminium"], ["fiberglass", "Glasfiber"], ["wood", "Trä"], ["steel", "Stål"], ["plastic", "Plast"], ["pvc", "PVC / hypalon"]), "Hull material.", "aluminium"),
    intField("sleeping_places", "Number of berths.", 0),
    ...conditionFields("used"),
    equipments(choices(["gps_plotter", "GPS / plotter"], ["echo_sounder", "Ekolod"], ["trailer", "Trailer"], ["cover", "Kapell"], ["bow_thruster", "Bogpropeller"], ["heater", "Värmare"], ["radio", "Radio"], ["swimming_platform", "Badbrygga"], ["autopilot", "Autopilot"]), ["gps_plotter", "echo_sounder", "cover"], named("equipments for boats")),
  ],
  groups: { powertrain: POWERTRAIN_GROUP, physics: PHYSICS_GROUP, condition: CONDITION_GROUP },
  groupSources: { powertrain: named("powertrain for boats"), physics: named("physics for boats") },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1010", title: "Buster Magnum Pro med Yamaha F150", body: "Välhållen Buster med kapell, plotter och ekolod. Sjösatt varje säsong i Stockholms skärgård.", price: 489000 },
};

const AGRI_BRANDS = ["John Deere", "Valtra", "Claas", "New Holland", "Case IH", "Deutz-Fahr", "Massey Ferguson", "Fendt", "Kubota", "Zetor", ["volvo-bm", "Volvo BM"]] as const;

function agriPowertrain(fuelExample: string, hp: number): FieldSpec[] {
  return [
    enumField("powertrain.fuel", HEAVY_FUELS, "Fuel.", fuelExample),
    intField("powertrain.horsepower", "Engine power in horsepower (hp).", hp),
  ];
}

const agricultureThresher: VehicleTable = {
  type: "agriculture-thresher",
  label: "Combine harvesters (threshers)",
  fields: [
    brand(choices("John Deere", "Claas", "New Holland", "Case IH", "Deutz-Fahr", "Massey Ferguson", "Fendt", "Sampo Rosenlew"), "claas"),
    model("Lexion 760"),
    modelYear(2016),
    operatingHours(2400),
    intField("threshing_hours", "Threshing (drum) hours.", 1700),
    intField("cutting_width_cm", "Cutting table width in centimetres.", 900),
    enumField("drive", choices(["two_wheel_drive", "2WD"], ["four_wheel_drive", "4WD"], ["tracks", "Band"]), "Drive.", "four_wheel_drive"),
    ...agriPowertrain("diesel", 530),
    ...conditionFields("used"),
  ],
  groups: { powertrain: POWERTRAIN_GROUP, condition: CONDITION_GROUP },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1011", title: "Claas Lexion 760 med 9 m skärbord", body: "Skördetröska med 9 m skärbord och vagn, 2 400 timmar.", price: 1950000 },
};

const agricultureTractor: VehicleTable = {
  type: "agriculture-tractor",
  label: "Tractors",
  fields: [
    brand(choices(...AGRI_BRANDS.map((b) => (typeof b === "string" ? b : ([...b] as [string, string])))), "valtra"),
    model("N175 Direct"),
    modelYear(2019),
    operatingHours(3100),
    enumField("drive", choices(["two_wheel_drive", "2WD"], ["four_wheel_drive", "4WD"]), "Drive.", "four_wheel_drive"),
    ...agriPowertrain("diesel", 201),
    enumField("powertrain.gearbox", choices(["manual", "Manuell"], ["powershift", "Powershift"], ["cvt", "Steglös (CVT)"]), "Gearbox.", "cvt"),
    equipments(choices(["front_loader", "Frontlastare"], ["front_linkage", "Frontlyft"], ["front_pto", "Frontkraftuttag"], ["air_brakes", "Tryckluftsbromsar"], ["gps_guidance", "GPS-styrning"], ["cab_suspension", "Hyttfjädring"], ["air_conditioning", "Luftkonditionering"]), ["front_loader", "air_brakes", "air_conditioning"]),
    ...conditionFields("used"),
  ],
  groups: { powertrain: POWERTRAIN_GROUP, condition: CONDITION_GROUP },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1012", title: "Valtra N175 Direct med frontlastare", body: "Steglös Valtra med frontlastare, tryckluftsbromsar och AC.", price: 895000 },
};

const agricultureTools: VehicleTable = {
  type: "agriculture-tools",
  label: "Agricultural, forestry and ground care tools (V4 unifies V3 1225 and 1226)",
  fields: [
    enumField("tool_type", choices(["plough", "Plog"], ["harrow", "Harv"], ["seed_drill", "Såmaskin"], ["sprayer", "Spruta"], ["mower", "Slåtterkross"], ["baler", "Press"], ["fertilizer_spreader", "Gödselspridare"], ["cultivator", "Kultivator"], ["forestry_crane", "Skogskran"], ["forestry_trailer", "Skogsvagn"], ["lawn_mower", "Gräsklippare"], ["other", "Övrigt"]), "Kind of tool.", "seed_drill", { required: true }),
    brand(choices("Väderstad", "Kverneland", "Lemken", "Amazone", "Kuhn", "Pöttinger", "Krone", "Vicon", "Husqvarna", "Stiga", "John Deere", "Kesla"), "vaderstad"),
    model("Rapid A 400S"),
    modelYear(2017),
    intField("working_width_cm", "Working width in centimetres.", 400),
    ...conditionFields("used"),
  ],
  groups: { condition: CONDITION_GROUP },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1013", title: "Väderstad Rapid A 400S såmaskin", body: "Välskött Rapid 4 m, nya billar 2024.", price: 465000 },
};

function heavyPowertrain(fuel: string, hp: number, emission: string): FieldSpec[] {
  return [
    enumField("powertrain.fuel", HEAVY_FUELS, "Fuel.", fuel),
    intField("powertrain.horsepower", "Engine power in horsepower (hp).", hp),
    enumField("powertrain.gearbox", GEARBOXES, "Gearbox.", "automatic"),
    enumField("powertrain.emission_class", EMISSION_CLASSES, "Emission class.", emission),
  ];
}

const bus: VehicleTable = {
  type: "bus",
  label: "Buses",
  fields: [
    optionalRegistrationNumber(),
    brand(choices("Scania", "Volvo", "Mercedes-Benz", "MAN", "Iveco", "Setra", "VDL", "Solaris"), "volvo"),
    model("9700"),
    modelYear(2017),
    mileage(612000, { required: false }),
    enumField("bus_type", choices(["city", "Stadsbuss"], ["coach", "Turistbuss"], ["intercity", "Linjebuss"], ["minibus", "Minibuss"], ["school", "Skolbuss"]), "Kind of bus.", "coach", { required: true }),
    intField("seats", "Number of passenger seats.", 53, 1),
    ...heavyPowertrain("diesel", 460, "euro_6"),
    ...conditionFields("used"),
  ],
  groups: { powertrain: POWERTRAIN_GROUP, condition: CONDITION_GROUP },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1014", title: "Volvo 9700 turistbuss 53 platser", body: "Euro 6, toalett, kyl och bälten på alla platser.", price: 1450000 },
};

const truck: VehicleTable = {
  type: "truck",
  label: "Trucks",
  fields: [
    optionalRegistrationNumber(),
    brand(choices("Scania", "Volvo", "Mercedes-Benz", "MAN", "DAF", "Iveco", "Renault Trucks"), "scania"),
    model("R 500"),
    modelYear(2018),
    mileage(540000, { required: false }),
    enumField("truck_type", choices(["tractor_unit", "Dragbil"], ["box", "Skåp"], ["tipper", "Tipp"], ["crane", "Kran"], ["hook_lift", "Lastväxlare"], ["flatbed", "Flak"], ["refrigerated", "Kyl/frys"], ["timber", "Timmerbil"], ["tank", "Tank"]), "Kind of truck.", "tractor_unit", { required: true }),
    enumField("axle_configuration", choices(["4x2", "4x2"], ["4x4", "4x4"], ["6x2", "6x2"], ["6x4", "6x4"], ["8x4", "8x4"]), "Axle configuration.", "6x2"),
    intField("physics.total_weight_kg", "Gross vehicle weight in kg.", 26000),
    intField("physics.payload_kg", "Payload in kg.", 17000),
    ...heavyPowertrain("hvo", 500, "euro_6"),
    ...conditionFields("used"),
  ],
  groups: { powertrain: POWERTRAIN_GROUP, physics: PHYSICS_GROUP, condition: CONDITION_GROUP },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1015", title: "Scania R 500 6x2 dragbil", body: "HVO-godkänd, retarder, full servicehistorik.", price: 725000 },
};

const construction: VehicleTable = {
  type: "construction",
  label: "Construction machinery",
  fields: [
    enumField("machine_type", choices(["excavator", "Grävmaskin"], ["mini_excavator", "Minigrävare"], ["wheel_loader", "Hjullastare"], ["backhoe_loader", "Traktorgrävare"], ["dumper", "Dumper"], ["compactor", "Vält"], ["skid_steer", "Kompaktlastare"], ["telehandler", "Teleskoplastare"], ["crawler_dozer", "Bandschaktare"], ["grader", "Väghyvel"]), "Kind of machine.", "wheel_loader", { required: true }),
    brand(choices("Volvo", "Caterpillar", "Komatsu", "JCB", "Liebherr", "Hitachi", "Doosan", "Kubota", "Hyundai", "Bobcat", "Takeuchi"), "volvo"),
    model("L90H"),
    modelYear(2019),
    operatingHours(5400),
    intField("physics.weight_kg", "Operating weight in kg.", 15000),
    enumField("powertrain.fuel", HEAVY_FUELS, "Fuel.", "diesel"),
    intField("powertrain.horsepower", "Engine power in horsepower (hp).", 170),
    equipments(choices(["quick_coupler", "Snabbfäste"], ["tiltrotator", "Rototilt"], ["central_lubrication", "Centralsmörjning"], ["scale", "Våg"], ["air_conditioning", "Luftkonditionering"], ["rear_camera", "Backkamera"]), ["quick_coupler", "central_lubrication", "scale"]),
    ...conditionFields("used"),
  ],
  groups: { physics: PHYSICS_GROUP, powertrain: POWERTRAIN_GROUP, condition: CONDITION_GROUP },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1016", title: "Volvo L90H hjullastare med våg", body: "Snabbfäste, centralsmörjning och våg. Servad av Swecon.", price: 1095000 },
};

export const UNREGISTERED_TABLES: VehicleTable[] = [boat, agricultureThresher, agricultureTractor, agricultureTools, bus, truck, construction];
