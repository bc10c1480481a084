/** "Télécharger : CSV · ODS · JSON" for a page whose data is also served at `base.csv|.ods|.json`. */
export function DownloadLinks({ base, label }: { base: string; label: string }) {
  return (
    <p class="downloads">
      Télécharger {label} :{' '}
      <a href={`${base}.csv`} type="text/csv" download>
        CSV
      </a>{' '}
      ·{' '}
      <a href={`${base}.ods`} type="application/vnd.oasis.opendocument.spreadsheet" download>
        ODS
      </a>{' '}
      ·{' '}
      <a href={`${base}.json`} type="application/json" download>
        JSON
      </a>
    </p>
  );
}
