import { z } from 'zod';
import { ROLES } from './role-labels';

export { ADMIN_ROLES, ROLE_LABELS, ROLES, roleSetConflict } from './role-labels';
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
