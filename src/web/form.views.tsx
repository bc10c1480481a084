// Form pieces shared by the private pages: a labelled field with its hint and error, and the error summary.
import type { Child } from 'hono/jsx';

export type FormErrors = Partial<Record<string, string>>;

export function ErrorSummary({ title, errors }: { title: string; errors: FormErrors }) {
  const entries = Object.entries(errors).filter(([, message]) => message);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="erreurs">
      <h2>{title}</h2>
      <ul>
        {entries.map(([field, message]) =>
          field === 'form' ? (
            <li>{message}</li>
          ) : (
            <li>
              <a href={`#${field}`}>{message}</a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

function described(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${name}-aide` : '', error ? `${name}-erreur` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function Wrapper(props: { name: string; label: string; hint?: string; error?: string; children: Child }) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.name}-aide`}>
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p id={`${props.name}-erreur`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function InputField(props: {
  name: string;
  label: string;
  value?: string;
  type?: string;
  hint?: string;
  error?: string;
  required?: boolean;
}) {
  return (
    <Wrapper {...props}>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(props.name, props.hint, props.error)}
      />
    </Wrapper>
  );
}

export function TextAreaField(props: {
  name: string;
  label: string;
  value?: string;
  hint?: string;
  error?: string;
  rows?: number;
}) {
  return (
    <Wrapper {...props}>
      <textarea
        id={props.name}
        name={props.name}
        rows={props.rows ?? 4}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(props.name, props.hint, props.error)}
      >
        {props.value ?? ''}
      </textarea>
    </Wrapper>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  value?: string;
  options: Record<string, string>;
  empty?: string;
  hint?: string;
  error?: string;
}) {
  return (
    <Wrapper {...props}>
      <select
        id={props.name}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(props.name, props.hint, props.error)}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {Object.entries(props.options).map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}

const dayFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

/** « 17 janvier 2026 » from YYYY-MM-DD or an ISO timestamp. */
export function formatDate(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : dayFormat.format(date);
}
