// Form pieces shared by the private pages: a labelled field with its hint and error, and the error summary.
import type { Child } from 'hono/jsx';

export type FormErrors = Partial<Record<string, string>>;

/**
 * The list of a form's errors, each linking to its field. `order` lists the fields in the form's order
 * (the errors object's own order otherwise); `anchors` names the element to focus when it is not the
 * field's name (e.g. the first radio button of a group).
 */
export function ErrorSummary({
  title,
  errors,
  order,
  anchors = {},
}: {
  title: string;
  errors: FormErrors;
  order?: readonly string[];
  anchors?: Record<string, string>;
}) {
  const fields = order ? ['form', ...order.filter((field) => field !== 'form')] : Object.keys(errors);
  const entries = fields.map((field) => [field, errors[field]] as const).filter(([, message]) => message);
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
              <a href={`#${anchors[field] ?? field}`}>{message}</a>
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

export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null;
}

function Wrapper(props: {
  name: string;
  label: string;
  /** Appended to the label, e.g. « (obligatoire) ». */
  labelSuffix?: string;
  hint?: string;
  error?: string;
  children: Child;
}) {
  return (
    <div class="field">
      <label for={props.name}>
        {props.label}
        {props.labelSuffix}
      </label>
      {props.hint && (
        <p class="hint" id={`${props.name}-aide`}>
          {props.hint}
        </p>
      )}
      {props.children}
      <FieldError id={`${props.name}-erreur`} message={props.error} />
    </div>
  );
}

export function InputField(props: {
  name: string;
  label: string;
  labelSuffix?: string;
  value?: string;
  type?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  maxlength?: number;
  autocomplete?: string;
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
}) {
  return (
    <Wrapper {...props}>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        maxlength={props.maxlength}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
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
  maxlength?: number;
}) {
  return (
    <Wrapper {...props}>
      <textarea
        id={props.name}
        name={props.name}
        rows={props.rows ?? 4}
        maxlength={props.maxlength}
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
