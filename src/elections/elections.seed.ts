/** The elections Pacte knows out of the box, with their real round dates (Journal officiel). */
export interface ElectionSeed {
  id: string;
  kind: 'municipales' | 'legislatives' | 'europeennes';
  name: string;
  year: number;
  /** The territory one ballot covers. */
  scope: 'commune' | 'circonscription' | 'national';
  rounds: string[];
}

export const KNOWN_ELECTIONS: ElectionSeed[] = [
  {
    id: 'municipales-2020',
    kind: 'municipales',
    name: 'Élections municipales et communautaires 2020',
    year: 2020,
    scope: 'commune',
    rounds: ['2020-03-15', '2020-06-28'],
  },
  {
    id: 'legislatives-2022',
    kind: 'legislatives',
    name: 'Élections législatives 2022',
    year: 2022,
    scope: 'circonscription',
    rounds: ['2022-06-12', '2022-06-19'],
  },
  {
    id: 'europeennes-2024',
    kind: 'europeennes',
    name: 'Élections européennes 2024',
    year: 2024,
    scope: 'national',
    rounds: ['2024-06-09'],
  },
  {
    id: 'legislatives-2024',
    kind: 'legislatives',
    name: 'Élections législatives anticipées 2024',
    year: 2024,
    scope: 'circonscription',
    rounds: ['2024-06-30', '2024-07-07'],
  },
  {
    id: 'municipales-2026',
    kind: 'municipales',
    name: 'Élections municipales et communautaires 2026',
    year: 2026,
    scope: 'commune',
    rounds: ['2026-03-15', '2026-03-22'],
  },
];
