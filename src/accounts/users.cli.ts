import { UserError } from '../cli/errors.ts';
import type { Db } from '../db/connection.ts';
import { askHidden } from './password-prompt.ts';
import { generatePassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { isRole, ROLES } from './roles.ts';
import { AccountError, checkEmail, createUser } from './users.service.ts';

/**
 * `pacte user add`: the password comes from PACTE_PASSWORD, else is asked on a terminal (twice),
 * else is generated and printed once.
 */
export async function addUserFromCli(db: Db, input: { email: string; role: string }): Promise<void> {
  const emailProblem = checkEmail(input.email);
  if (emailProblem) throw new UserError(`${emailProblem} : « ${input.email} »`);
  if (!isRole(input.role)) {
    throw new UserError(`rôle inconnu : « ${input.role} » (rôles possibles : ${ROLES.join(', ')})`);
  }
  let password = process.env.PACTE_PASSWORD;
  let generated = false;
  if (!password && process.stdin.isTTY) {
    password = await askHidden(
      `Mot de passe (au moins ${MIN_PASSWORD_LENGTH} caractères ; vide pour en générer un) : `,
    );
    if (password) {
      const again = await askHidden('Mot de passe, de nouveau : ');
      if (again !== password) throw new UserError('les deux mots de passe diffèrent');
    }
  }
  if (!password) {
    password = generatePassword();
    generated = true;
  }
  try {
    const user = await createUser(db, { email: input.email, role: input.role, password });
    console.log(`Compte créé : ${user.email} (${user.role})`);
    if (generated) console.log(`Mot de passe (affiché une seule fois) : ${password}`);
  } catch (error) {
    if (error instanceof AccountError) throw new UserError(error.message);
    throw error;
  }
}
