/** A switch port's hardware settings, shared by the Switch (the wiring) and its Agent (what its agent writes). */
import { Type, type Static } from '@sinclair/typebox';
import { PortName } from './common.js';

export const PORT_SPEEDS = ['1G', '10G', '25G', '40G', '50G', '100G', '200G', '400G', '800G'] as const;
export const PortSpeed = Type.Union(
  PORT_SPEEDS.map((speed) => Type.Literal(speed)),
  { description: 'a port speed' },
);
export const PortFec = Type.Union([Type.Literal('rs'), Type.Literal('fc'), Type.Literal('none'), Type.Literal('auto')], {
  description: 'forward error correction: rs (Reed-Solomon), fc (FireCode), none or auto',
});
export const PortSetting = Type.Object(
  {
    port: PortName,
    speed: Type.Optional(PortSpeed),
    fec: Type.Optional(PortFec),
    autoNegotiation: Type.Optional(Type.Boolean({ description: 'auto-negotiation of speed and FEC with the other end' })),
    breakout: Type.Optional(
      Type.String({
        pattern: '^[1-8]x(1|10|25|40|50|100|200|400|800)G$',
        description: "the cage's breakout mode as SONiC names it, such as 1x100G or 4x25G; set on the cage's first port",
      }),
    ),
  },
  { additionalProperties: false, description: "a port's hardware settings; what is left out stays as the platform has it" },
);
export type PortSetting = Static<typeof PortSetting>;
