/** Account roles, from the least to the most trusted. */
export const ROLES = ['volunteer', 'coordinator', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  volunteer: 'bénévole',
  coordinator: 'coordination',
  moderator: 'modération',
  admin: 'administration',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
