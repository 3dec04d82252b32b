import { Type } from '@sinclair/typebox';

/** How a switch's agent reaches it; on the Switch and, copied by the compiler, on its Agent. */
export const SwitchManagement = Type.Object(
  {
    redis: Type.Optional(Type.String({ maxLength: 512, description: 'redis://host:port or unix:///path of CONFIG_DB' })),
    frr: Type.Optional(
      Type.Object(
        {
          vtysh: Type.Optional(Type.String({ maxLength: 512 })),
          configPath: Type.Optional(Type.String({ maxLength: 512 })),
        },
        { additionalProperties: false },
      ),
    ),
    ssh: Type.Optional(
      Type.Object(
        {
          host: Type.String({ minLength: 1, maxLength: 253 }),
          port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
          user: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          secretRef: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
          hostKey: Type.Optional(Type.String({ maxLength: 4096 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: 'how the agent of this switch reaches it' },
);
