import { Type, type Static } from 'typebox';
import { permissions, roles } from '../roles.ts';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const PasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const RoleGrantView = Type.Object({
  role: Type.Enum(roles),
  areaId: Type.Integer(),
  areaName: Type.String(),
  areaLevel: Type.String(),
});

export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  locale: Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]),
  roles: Type.Array(RoleGrantView),
  permissions: Type.Array(Type.Enum(permissions)),
  householdId: Type.Union([Type.Integer(), Type.Null()]),
  csrfToken: Type.String({ description: 'send back in the x-csrf-token header on every POST/PUT/PATCH/DELETE' }),
});
export type Me = Static<typeof Me>;

export const Ok = Type.Object({ ok: Type.Literal(true) });

export const ProfileUpdate = Type.Object(
  {
    locale: Type.Optional(Type.Enum(['zh-CN', 'en'])),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ProfileUpdate = Static<typeof ProfileUpdate>;
