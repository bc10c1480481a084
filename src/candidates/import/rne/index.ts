import { rneConseillersCommunautaires } from './conseillers-communautaires.ts';
import { rneConseillersMunicipaux } from './conseillers-municipaux.ts';
import { rneDeputes } from './deputes.ts';
import { rneMaires } from './maires.ts';
import type { RneParser } from './parser.ts';
import { rneSenateurs } from './senateurs.ts';

export { rneConseillersCommunautaires, rneConseillersMunicipaux, rneDeputes, rneMaires, rneSenateurs };

/** The Répertoire national des élus files this project reads. */
export const RNE_FORMATS: readonly RneParser[] = [
  rneMaires,
  rneConseillersMunicipaux,
  rneConseillersCommunautaires,
  rneDeputes,
  rneSenateurs,
];
