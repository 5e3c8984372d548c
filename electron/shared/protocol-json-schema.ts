/**
 * The JSON Schema of every feed protocol message (protocol.schema.json beside this file), made from the zod schemas in
 * protocol.ts with z.toJSONSchema so that the two cannot drift apart (a test compares the committed file with this).
 * Regenerate with `node build/protocol-schema.mjs`.
 *
 * The schema describes the messages' shapes (input side: fields it does not list are allowed and ignored). Checks
 * that need the catalogue or the registry (a kind names a known type, a reading's metrics, time sanity, size caps in
 * bytes) are the client's; PROTOCOL.md has them.
 */
import { z } from 'zod';
import {
  MAX_BATCH_READINGS,
  MAX_SENSORS,
  MAX_TYPES,
  PROTOCOL_VERSION,
  actionAckSchema,
  actionSchema,
  batchSchema,
  citySchema,
  helloSchema,
  readingSchema,
  sensorSchema,
  sensorIdsSchema,
  sensorSchemaV1,
  subscribeAckSchema,
  subscribeSchema,
} from './protocol';
import { sensorTypeSchema } from './sensor-types/schema';

const catalogueV2 = z.object({
  feedId: z.string(),
  city: citySchema.optional(),
  types: z.array(z.unknown()).max(MAX_TYPES).optional(),
  sensors: z.array(sensorSchema).max(MAX_SENSORS),
});
const catalogueV1 = z.object({ feedId: z.string(), sensors: z.array(sensorSchemaV1).max(MAX_SENSORS) });
const batch = batchSchema.extend({ readings: z.array(readingSchema).max(MAX_BATCH_READINGS) });

const MESSAGES: Record<string, { schema: z.ZodType; description: string }> = {
  hello: { schema: helloSchema, description: 'server -> client on connect: protocol version (1 or 2), feed id and name, feed clock and speed, resend buffer range' },
  subscribe: { schema: subscribeSchema, description: 'client -> server: the protocol spoken (the hello\'s), the last sequence number held or null, and the binary batch encodings the client accepts' },
  subscribeAck: { schema: subscribeAckSchema, description: 'the answer to subscribe: what will be resent, what is lost, the next sequence number, the binary batch encoding chosen (if any); or a refusal' },
  catalogue: { schema: catalogueV2, description: 'server -> client (v2): the city, the feed\'s own sensor types (each a sensor type document, see #/$defs/sensorType) and every sensor' },
  catalogueV1: { schema: catalogueV1, description: 'server -> client (v1): every sensor, of kind traffic, parking or air' },
  city: { schema: citySchema, description: 'v2: the city a feed covers (timeZone: an IANA zone name)' },
  sensor: { schema: sensorSchema, description: 'v2 catalogue entry: kind names a shipped or sent type; geometry Point (point, moving-point), LineString (line) or Polygon (area)' },
  sensorV1: { schema: sensorSchemaV1, description: 'v1 catalogue entry: id kind:identifier' },
  sensorType: { schema: sensorTypeSchema, description: 'a sensor type document (electron/shared/sensor-types/README.md); formulas, checks and units are checked by parseSensorType beyond this shape' },
  batch: { schema: batch, description: 'server -> client: a batch of readings, sequence number + 1 per batch' },
  sensorIds: { schema: sensorIdsSchema, description: 'server -> client, binary batches only: the connection\'s sensor-id dictionary grows; ids take the indices from, from + 1, ... (the frames of event batch-columns are binary, described in PROTOCOL.md)' },
  reading: { schema: readingSchema, description: 'one reading: raw metric values (null: reported empty), and for a moving point its position' },
  action: { schema: actionSchema, description: 'client -> server: an operator action (note or alarm acknowledgement)' },
  actionAck: { schema: actionAckSchema, description: 'the answer to action' },
};

/** The JSON Schema document: each message under $defs (e.g. `#/$defs/catalogue`). */
export function protocolJsonSchema(): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  for (const [name, { schema, description }] of Object.entries(MESSAGES)) {
    const { $schema: _drop, ...body } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
    defs[name] = { description, ...body };
  }
  const catalogue = defs.catalogue as { properties: { types: { items: unknown } } };
  catalogue.properties.types.items = { $ref: '#/$defs/sensorType' };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:citydesk:feed-protocol:${PROTOCOL_VERSION}`,
    title: `CityDesk feed protocol, version ${PROTOCOL_VERSION} (and 1)`,
    description: 'Every message of the feed protocol, under $defs by name. Prose, and the checks a schema cannot express: electron/shared/PROTOCOL.md.',
    $defs: defs,
  };
}

/** The file's text: the schema, 2-space indented, with a final newline. */
export function protocolJsonSchemaText(): string {
  return `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`;
}
