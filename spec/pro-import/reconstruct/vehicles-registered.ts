/**
 * Registered vehicle types (the V4 title/contact rule: car, transport, motorcycle, moped, snowmobile, ATV, camper,
 * caravan, trailer). The docs name car's registration_number, brand, model, fuel, mileage and body_type; the rest is
 * a plausible reconstruction in the same style, to be replaced by a live pull.
 */
import {
  brand, COLORS, CONDITION_GROUP, conditionFields, enumField, equipments, FUELS, GEARBOXES, intField, mileage, model,
  modelYear, named, PHYSICS_GROUP, POWERTRAIN_GROUP, registrationNumber,
} from "./fields.js";
import { RECONSTRUCTED_FIELD, reconstructed } from "./sources.js";
import { choices, type VehicleTable } from "./table.js";

const CAR_MODELS: Record<string, string[]> = {
  Audi: ["A3", "A4", "A6", "Q3", "Q5", "Q7", "e-tron"],
  BMW: ["1-serie", "3-serie", "5-serie", "X1", "X3", "X5", "i3", "iX"],
  Ford: ["Fiesta", "Focus", "Kuga", "Mondeo", "Mustang Mach-E"],
  Hyundai: ["i20", "i30", "Ioniq 5", "Kona", "Tucson"],
  Kia: ["Ceed", "EV6", "Niro", "Picanto", "Sportage"],
  "Mercedes-Benz": ["A-Klass", "C-Klass", "E-Klass", "EQA", "GLC"],
  Nissan: ["Leaf", "Micra", "Qashqai", "X-Trail"],
  Peugeot: ["208", "308", "2008", "3008", "5008"],
  Saab: ["9-3", "9-5", "900"],
  Skoda: ["Enyaq", "Fabia", "Karoq", "Kodiaq", "Octavia", "Superb"],
  Tesla: ["Model 3", "Model S", "Model X", "Model Y"],
  Toyota: ["Auris", "Aygo", "C-HR", "Corolla", "RAV4", "Yaris"],
  Volkswagen: ["Golf", "ID.3", "ID.4", "Passat", "Polo", "Tiguan", "Touran"],
  Volvo: ["V60", "V70", "V90", "XC40", "XC60", "XC90", "EX30"],
};

const CAR_BRANDS = choices(...Object.keys(CAR_MODELS));
const carModelValues = Object.fromEntries(
  Object.entries(CAR_MODELS).map(([name, models]) => [choices(name)[0]?.id ?? name, choices(...models)]),
);

const car: VehicleTable = {
  type: "car",
  label: "Cars",
  fields: [
    registrationNumber("ABC123", named("registration_number for cars")),
    brand(CAR_BRANDS, "volvo", { source: named("brand for cars") }),
    model("xc60", { description: "Model id; valid values depend on the brand: `GET /v4/vehicles/car/models?brand={brand}`.", source: named("model for cars") }),
    {
      path: "model_variant",
      kind: "string",
      source: RECONSTRUCTED_FIELD,
      maxLength: { value: 100, source: reconstructed("The documentation states no length; 100 characters is the reconstruction's guess.") },
      description: "Trim or variant, free text.",
      example: "T6 AWD Recharge Inscription",
    },
    modelYear(2021),
    mileage(45000, { source: named("mileage for cars") }),
    enumField("fuel", FUELS, "Fuel.", "plugin_hybrid", { source: named("fuel for cars") }),
    enumField("gearbox", GEARBOXES, "Gearbox.", "automatic"),
    enumField("body_type", choices("Sedan", ["station_wagon", "Kombi"], ["hatchback", "Halvkombi"], "SUV", "Coupe", "Convertible", ["minibus", "Familjebuss"], ["pickup", "Pickup"]), "Body type.", "suv", { source: named("body_type for cars") }),
    enumField("drive_wheels", choices(["front", "Front-wheel drive"], ["rear", "Rear-wheel drive"], ["all", "All-wheel drive"]), "Driven wheels.", "all"),
    enumField("color", COLORS, "Exterior colour.", "black"),
    intField("horsepower", "Engine power in horsepower (hp).", 350),
    intField("seats", "Number of seats.", 5, 1),
    intField("doors", "Number of doors.", 5, 1),
    {
      path: "vin",
      kind: "string",
      source: RECONSTRUCTED_FIELD,
      pattern: { value: "^[A-HJ-NPR-Z0-9]{17}$", source: reconstructed("The documentation does not mention a VIN; 17 characters without I, O and Q is the ISO 3779 format of vehicles built since 1981 (older ones have shorter numbers).") },
      description: "Vehicle identification number (17 characters for vehicles built since 1981).",
      example: "YV1UZA8VCM1234567",
    },
    equipments(choices(["tow_hitch", "Tow hitch"], ["navigation", "Navigation"], ["heated_seats", "Heated seats"], ["parking_sensors", "Parking sensors"], ["reversing_camera", "Reversing camera"], ["adaptive_cruise_control", "Adaptive cruise control"], ["sunroof", "Sunroof"], ["apple_carplay", "Apple CarPlay"], ["engine_heater", "Engine heater"], ["leather_seats", "Leather seats"]), ["tow_hitch", "heated_seats", "engine_heater"]),
  ],
  children: { model: { parent: "brand", values: carModelValues } },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1001", title: "", body: "Välvårdad XC60 med dragkrok och vinterhjul. Servad hos auktoriserad verkstad.", price: 429900, leasing: 4995 },
};

const transport: VehicleTable = {
  type: "transport",
  label: "Vans (transport vehicles)",
  fields: [
    registrationNumber("DEF456"),
    brand(choices("Volkswagen", "Ford", "Mercedes-Benz", "Renault", "Peugeot", "Citroen", "Fiat", "Toyota", "Iveco", "Opel", "Nissan", "MAN"), "volkswagen"),
    model("Transporter"),
    modelYear(2020),
    mileage(98000),
    enumField("fuel", FUELS, "Fuel.", "diesel"),
    enumField("gearbox", GEARBOXES, "Gearbox.", "manual"),
    enumField("body_type", choices(["panel_van", "Skåpbil"], ["pickup", "Pickup"], ["chassis_cab", "Chassi med hytt"], ["minibus", "Minibuss"], ["tipper", "Tippbil"], ["box", "Bil med skåp"]), "Body type.", "panel_van"),
    enumField("color", COLORS, "Exterior colour.", "white"),
    intField("horsepower", "Engine power in horsepower (hp).", 150),
    intField("physics.total_weight_kg", "Gross vehicle weight in kg.", 3000),
    intField("physics.payload_kg", "Payload in kg.", 1100),
    intField("physics.cargo_volume_l", "Cargo volume in litres.", 6700),
    equipments(choices(["tow_hitch", "Tow hitch"], ["roof_rack", "Roof rack"], ["partition_wall", "Partition wall"], ["engine_heater", "Engine heater"], ["navigation", "Navigation"], ["reversing_camera", "Reversing camera"]), ["tow_hitch", "partition_wall"]),
  ],
  groups: { physics: PHYSICS_GROUP },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1002", title: "", body: "Transporter med inredning, dragkrok och motorvärmare.", price: 259000, leasing: 3495 },
};

const motorcycle: VehicleTable = {
  type: "motorcycle",
  label: "Motorcycles",
  fields: [
    registrationNumber("GHI78J"),
    brand(choices("Yamaha", "Honda", "Husqvarna", "Harley-Davidson", "BMW", "Kawasaki", "Suzuki", "KTM", "Ducati", "Triumph"), "yamaha"),
    model("MT-07"),
    modelYear(2022),
    mileage(8500),
    enumField("motorcycle_type", choices("Sport", "Touring", "Naked", "Custom", "Enduro", "Cross", "Scooter", "Adventure"), "Kind of motorcycle.", "naked"),
    intField("engine_cc", "Engine displacement in cm³.", 689),
    intField("horsepower", "Engine power in horsepower (hp).", 73),
    enumField("licence_class", choices(["a1", "A1"], ["a2", "A2"], ["a", "A"]), "Driving licence class needed.", "a2"),
    enumField("color", COLORS, "Colour.", "blue"),
  ],
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1003", title: "", body: "A2-anpassad MT-07, nyservad, ett ägare.", price: 79900 },
};

const moped: VehicleTable = {
  type: "moped",
  label: "Mopeds",
  fields: [
    registrationNumber("JKL12"),
    brand(choices("Yamaha", "Honda", "Piaggio", "Vespa", "Peugeot", "Aprilia", "SYM", "Kymco", "Derbi", "NIU"), "vespa"),
    model("Primavera 50"),
    modelYear(2023),
    mileage(1200, { required: false }),
    enumField("moped_class", choices(["class_1", "Klass 1 (45 km/h)"], ["class_2", "Klass 2 (25 km/h)"]), "Moped class.", "class_1", { required: true }),
    enumField("fuel", choices("Petrol", "Electric"), "Fuel.", "petrol"),
    enumField("color", COLORS, "Colour.", "white"),
  ],
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1004", title: "", body: "Vespa Primavera klass 1, knappt använd.", price: 36900 },
};

const snowmobile: VehicleTable = {
  type: "snowmobile",
  label: "Snowmobiles",
  fields: [
    registrationNumber("MNO345"),
    brand(choices("Lynx", "Ski-Doo", "Polaris", "Arctic Cat", "Yamaha"), "lynx"),
    model("Commander 900 ACE"),
    modelYear(2021),
    mileage(3200),
    enumField("snowmobile_type", choices("Utility", "Touring", "Trail", "Crossover", "Mountain"), "Kind of snowmobile.", "touring"),
    enumField("engine_type", choices(["two_stroke", "Two-stroke"], ["four_stroke", "Four-stroke"], "Electric"), "Engine type.", "four_stroke"),
    intField("engine_cc", "Engine displacement in cm³.", 899),
    intField("track_length_mm", "Track length in millimetres.", 3700),
  ],
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1005", title: "", body: "Lynx Commander med elstart, handtagsvärme och backväxel.", price: 139000 },
};

const atv: VehicleTable = {
  type: "atv",
  label: "ATVs",
  fields: [
    registrationNumber("PQR678"),
    brand(choices("Polaris", "Can-Am", "CFMoto", "Yamaha", "Honda", "Kawasaki", "Suzuki", "Arctic Cat", "Segway", "TGB"), "can-am"),
    model("Outlander 700"),
    modelYear(2022),
    mileage(2100),
    enumField("atv_type", choices(["atv", "ATV"], ["utv", "UTV / Side-by-side"], ["buggy", "Buggy"]), "Kind of ATV.", "atv"),
    enumField("drive", choices(["two_wheel_drive", "2WD"], ["four_wheel_drive", "4WD"]), "Drive.", "four_wheel_drive"),
    enumField("registration_class", choices(["tractor_b", "Traktor B"], ["terrain_vehicle", "Terrängvagn"], ["terrain_motorcycle", "Terränghjuling"]), "How the vehicle is registered.", "tractor_b"),
    intField("engine_cc", "Engine displacement in cm³.", 650),
  ],
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1006", title: "", body: "Traktorregistrerad fyrhjuling med vinsch och plog.", price: 119900 },
};

const HEATING = choices(["gas", "Gasol"], ["electric", "El"], ["diesel", "Diesel"], ["waterborne", "Vattenburen"]);
const LIVING_EQUIPMENT = choices(["awning", "Awning"], ["air_conditioning", "Air conditioning"], ["floor_heating", "Floor heating"], ["mover", "Mover"], ["solar_panel", "Solar panel"], ["tv", "TV"], ["bike_rack", "Bike rack"], ["shower", "Shower"], ["toilet", "Toilet"]);

const camper: VehicleTable = {
  type: "camper",
  label: "Motorhomes",
  fields: [
    registrationNumber("STU901"),
    brand(choices("Adria", "Kabe", "Hymer", "Bürstner", "Dethleffs", "Knaus", "Hobby", "Laika", "Rapido", "Carthago"), "kabe"),
    model("Travel Master Imperial 880"),
    modelYear(2019),
    mileage(56000),
    enumField("camper_type", choices(["alcove", "Alkov"], ["semi_integrated", "Halvintegrerad"], ["integrated", "Helintegrerad"], ["van_conversion", "Husbilsbyggd skåpbil"]), "Kind of motorhome.", "integrated", { required: true }),
    enumField("powertrain.fuel", FUELS, "Fuel.", "diesel"),
    enumField("powertrain.gearbox", GEARBOXES, "Gearbox.", "automatic"),
    intField("powertrain.horsepower", "Engine power in horsepower (hp).", 177),
    intField("physics.length_cm", "Length in centimetres.", 880),
    intField("physics.total_weight_kg", "Gross vehicle weight in kg.", 4500),
    intField("sleeping_places", "Number of sleeping places.", 4, 1),
    enumField("heating", HEATING, "Heating.", "waterborne"),
    equipments(LIVING_EQUIPMENT, ["awning", "solar_panel", "shower", "toilet"]),
  ],
  groups: { powertrain: POWERTRAIN_GROUP, physics: PHYSICS_GROUP },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1007", title: "", body: "Helintegrerad Kabe med vattenburen värme, solceller och markis.", price: 1249000 },
};

const caravan: VehicleTable = {
  type: "caravan",
  label: "Caravans",
  fields: [
    registrationNumber("VXY234"),
    brand(choices("Kabe", "Hobby", "Adria", "Knaus", "Polar", "Cabby", "Solifer", "Dethleffs", "Tabbert", "Fendt"), "hobby"),
    model("De Luxe 540 UL"),
    modelYear(2018),
    enumField("layout", choices(["single_beds", "Enkelsängar"], ["double_bed", "Dubbelsäng"], ["bunk_beds", "Våningssängar"], ["french_bed", "Fransk säng"]), "Sleeping layout.", "single_beds"),
    intField("physics.length_cm", "Body length in centimetres.", 720),
    intField("physics.width_cm", "Width in centimetres.", 230),
    intField("physics.total_weight_kg", "Gross weight in kg.", 1500),
    intField("sleeping_places", "Number of sleeping places.", 4, 1),
    enumField("heating", HEATING, "Heating.", "gas"),
    equipments(LIVING_EQUIPMENT, ["awning", "mover"]),
  ],
  groups: { physics: PHYSICS_GROUP },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1008", title: "", body: "Hobby De Luxe med mover, förtält och nya däck.", price: 189000 },
};

const trailer: VehicleTable = {
  type: "trailer",
  label: "Trailers",
  fields: [
    registrationNumber("BCD567"),
    brand(choices("Brenderup", "Fogelsta", "Tiki", "Respo", "Humbaur", "Variant", "Ifor Williams", "Böckmann", "Thule", "Boro"), "brenderup"),
    model("4260 S"),
    modelYear(2021),
    enumField("trailer_type", choices(["open", "Öppen släpvagn"], ["box", "Kåpsläp"], ["car_transport", "Biltransport"], ["boat_trailer", "Båttrailer"], ["horse_trailer", "Hästsläp"], ["machine_transport", "Maskintransport"], ["tipper", "Tippsläp"]), "Kind of trailer.", "open", { required: true }),
    enumField("braked", choices(["braked", "Bromsad"], ["unbraked", "Obromsad"]), "Whether the trailer has brakes.", "unbraked"),
    intField("axles", "Number of axles.", 1, 1),
    intField("physics.total_weight_kg", "Gross weight in kg.", 750),
    intField("physics.payload_kg", "Payload in kg.", 530),
    intField("physics.length_cm", "Inner length of the platform in centimetres.", 258),
    intField("physics.width_cm", "Inner width of the platform in centimetres.", 153),
    ...conditionFields("used"),
  ],
  groups: { physics: PHYSICS_GROUP, condition: CONDITION_GROUP },
  example: { sourceId: "5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1009", title: "", body: "Obromsad Brenderup med stödhjul och presenning.", price: 14900 },
};

export const REGISTERED_TABLES: VehicleTable[] = [car, transport, motorcycle, moped, snowmobile, atv, camper, caravan, trailer];
