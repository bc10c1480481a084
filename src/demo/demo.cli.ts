import type { Connection } from '../db/connection.ts';
import { loadDemo } from './demo.service.ts';

const STATE_NAMES: Record<string, string> = {
  published: 'publiées',
  to_verify: 'à vérifier',
  pending_confirmation: 'en attente de confirmation',
  rejected: 'rejetées',
  withdrawn: 'retirées',
};

/** `pacte demo`: loads the demonstration campaign and says what it holds. */
export async function runDemo(connection: Connection, reportDir: string): Promise<void> {
  const summary = await loadDemo(connection, { reportDir });
  if (summary.alreadyLoaded) {
    console.log('La campagne de démonstration est déjà chargée dans cette base.');
    return;
  }
  const states = Object.entries(summary.signatures)
    .map(([state, n]) => `${n} ${STATE_NAMES[state] ?? state}`)
    .join(', ');
  console.log(
    `Campagne de démonstration chargée : ${summary.lists} listes dans 5 communes (Lens, Liévin, Arras, Saint-Denis, Lille).`,
  );
  console.log(`Signatures : ${states}.`);
  console.log(
    `Organisation relais « ${summary.organisation} » : ${summary.contacts} contacts, ${summary.responses} réponses publiées.`,
  );
  if (summary.account) {
    console.log(
      `Compte de coordination : ${summary.account.email} — mot de passe (affiché une seule fois) : ${summary.account.password}`,
    );
  }
  console.log('Lancez « pacte serve » puis ouvrez /, /carte, /statistiques, /communes/62498 ou /signataires.');
}
