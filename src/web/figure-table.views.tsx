// A table of figures: a caption, a first column naming each row (a row header), then numeric columns.
import type { Child } from 'hono/jsx';

export function FigureTable<Row>(props: {
  caption: string;
  /** The first column's heading, then the numeric columns' headings. */
  columns: [string, ...string[]];
  rows: readonly Row[];
  /** The row's header cell, then its numeric cells (as many as the numeric columns). */
  cells: (row: Row) => [Child, ...Child[]];
}) {
  const [first, ...numeric] = props.columns;
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {numeric.map((label) => (
              <th scope="col" class="num">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => {
            const [header, ...values] = props.cells(row);
            return (
              <tr>
                <th scope="row">{header}</th>
                {values.map((value) => (
                  <td class="num">{value}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
