/**
 * A hand-written zod 4 schema of every rule `validateCarCreate` checks for a car create body (the documented ones
 * and the reconstruction's: the strict schema's rules), written as an application would write it: the comparison
 * of the validators row.
 */
import { bodyType, brand, color, driveWheels, equipments, fuel, gearbox, modelByBrand } from '@x/pro-import-enums/car';
import { z } from 'zod';

const httpUrl = () => z.url({ protocol: /^https?$/ });
const decimal = z.union([z.number(), z.string().regex(/^-?[0-9]+(\.[0-9]+)?$/)]);
const isModelOf = modelByBrand.is as (brand: string, model: unknown) => boolean;

const categoryFields = z
  .strictObject({
    body_type: z.enum(bodyType.ids).nullish(),
    brand: z.enum(brand.ids),
    color: z.enum(color.ids).nullish(),
    doors: z.int().min(1).nullish(),
    drive_wheels: z.enum(driveWheels.ids).nullish(),
    equipments: z
      .array(z.enum(equipments.ids))
      .refine((items) => new Set(items).size === items.length, 'This list may not contain duplicate items.')
      .nullish(),
    fuel: z.enum(fuel.ids).nullish(),
    gearbox: z.enum(gearbox.ids).nullish(),
    horsepower: z.int().min(0).nullish(),
    mileage: z.int().min(0),
    model: z.string().max(100),
    model_variant: z.string().max(100).nullish(),
    model_year: z.int().min(1900).max(2100).nullish(),
    registration_number: z.string(),
    seats: z.int().min(1).nullish(),
    vin: z.string().regex(/^[A-HJ-NPR-Z0-9]{17}$/).nullish(),
  })
  .refine((fields) => isModelOf(fields.brand, fields.model), { message: 'Not a model of this brand.', path: ['model'] });

const location = z
  .strictObject({
    latitude: decimal.optional(),
    lkf: z.never().optional(),
    longitude: decimal.optional(),
    zipcode: z.string().min(1).regex(/^\S*$/).optional(),
  })
  .refine((l) => (l.latitude !== undefined || l.longitude !== undefined) !== (l.zipcode !== undefined), 'Provide one of: "latitude" and "longitude", "zipcode".')
  .refine((l) => (l.latitude === undefined) === (l.longitude === undefined), '"latitude" and "longitude" must be provided together.');

const price = z.strictObject({ amount: z.number().min(0).multipleOf(1), currency: z.string().optional(), type: z.enum(['list', 'leasing']) });

export const handWrittenCarCreate = z.strictObject({
  api_version: z.unknown().optional(),
  blocket_ad_id: z.unknown().optional(),
  body: z.string().nullish(),
  category_fields: categoryFields,
  category_id: z.literal(1020),
  contact: z.never().optional(),
  created: z.unknown().optional(),
  dealer_code: z.string().optional(),
  dont_publish_on_failed_images: z.boolean().default(false),
  id: z.unknown().optional(),
  image_refs: z.unknown().optional(),
  image_urls: z.array(httpUrl()).nullish(),
  location: location.nullish(),
  log: z.unknown().optional(),
  offer_id: z.unknown().optional(),
  price: z.array(price).nullish(),
  product_declaration: httpUrl().nullish(),
  source_id: z.string().min(1),
  state: z.unknown().optional(),
  title: z.never().optional(),
  updated: z.unknown().optional(),
  url: httpUrl().nullish(),
  video_url: httpUrl()
    .regex(/^https?:\/\/([a-z0-9-]+\.)*(youtu\.be|youtube(-nocookie)?\.com|vimeo\.com)([/?#:].*)?$/i)
    .nullish(),
  visible: z.boolean().default(true),
});

/** The snapshot's example of a car create body (valid under every rule). */
export const validCar = {
  source_id: '5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1001',
  category_id: 1020,
  body: 'Välvårdad XC60 med dragkrok och vinterhjul. Servad hos auktoriserad verkstad.',
  visible: true,
  price: [
    { type: 'list', amount: 429900, currency: 'SEK' },
    { type: 'leasing', amount: 4995, currency: 'SEK' },
  ],
  image_urls: ['https://cdn.example.com/car/5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1001/1.jpg', 'https://cdn.example.com/car/5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1001/2.jpg'],
  url: 'https://www.bilhandlare-exempel.se/car/5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1001',
  location: { zipcode: '11122' },
  category_fields: {
    registration_number: 'ABC123',
    brand: 'volvo',
    model: 'xc60',
    model_variant: 'T6 AWD Recharge Inscription',
    model_year: 2021,
    mileage: 45000,
    fuel: 'plugin_hybrid',
    gearbox: 'automatic',
    body_type: 'suv',
    drive_wheels: 'all',
    color: 'black',
    horsepower: 350,
    seats: 5,
    doors: 5,
    vin: 'YV1UZA8VCM1234567',
    equipments: ['tow_hitch', 'heated_seats', 'engine_heater'],
  },
  dont_publish_on_failed_images: false,
};

/** The example with four mistakes: a title (not allowed), a model of another brand, and a price amount that is text. */
export const invalidCar = {
  ...validCar,
  title: 'Volvo XC60',
  category_fields: { ...validCar.category_fields, brand: 'volvo', model: 'golf' },
  price: [
    { type: 'list', amount: 429900 },
    { type: 'reduced', amount: 'x' },
  ],
};
