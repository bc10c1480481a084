// Fields shared by the public signing form and the volunteers' paper entry form: the way of signing,
// the official list, and the signatory's two consents. Each form gives its own words.
import type { Child } from 'hono/jsx';
import { FieldError } from '../web/form.views.tsx';
import { type ListChoice, OTHER_LIST, type SigningValues } from './signing.form.ts';

/** A radio button or a checkbox with its label. */
function Choice(props: {
  type: 'radio' | 'checkbox';
  id: string;
  name: string;
  value: string;
  checked: boolean;
  invalid?: boolean;
  children: Child;
}) {
  return (
    <div class="field checkbox">
      <input
        id={props.id}
        type={props.type}
        name={props.name}
        value={props.value}
        checked={props.checked}
        aria-invalid={props.invalid ? 'true' : undefined}
      />
      <label for={props.id}>{props.children}</label>
    </div>
  );
}

export function VariantFieldset(props: {
  legend: Child;
  listLabel: Child;
  individualLabel: Child;
  value: SigningValues['variant'];
  error?: string;
}) {
  return (
    <fieldset class="field" aria-describedby={props.error ? 'variant-erreur' : undefined}>
      <legend>{props.legend}</legend>
      <Choice
        type="radio"
        id="variant-list"
        name="variant"
        value="list"
        checked={props.value === 'list'}
        invalid={Boolean(props.error)}
      >
        {props.listLabel}
      </Choice>
      <Choice
        type="radio"
        id="variant-individual"
        name="variant"
        value="individual"
        checked={props.value === 'individual'}
      >
        {props.individualLabel}
      </Choice>
      <FieldError id="variant-erreur" message={props.error} />
    </fieldset>
  );
}

/** The official lists of the commune, and a last choice for a list missing from the official data. */
export function ListSelect(props: {
  label: string;
  hint?: string;
  choose: string;
  otherLabel: string;
  lists: ListChoice[];
  value?: string;
  error?: string;
}) {
  const describedBy = [props.hint ? 'liste-aide' : '', props.error ? 'liste-erreur' : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for="liste">{props.label}</label>
      {props.hint && (
        <p class="hint" id="liste-aide">
          {props.hint}
        </p>
      )}
      <select
        id="liste"
        name="liste"
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        data-list-select
      >
        <option value="">{props.choose}</option>
        {props.lists.map((list) => (
          <option value={list.id} selected={props.value === list.id}>
            {list.name}
          </option>
        ))}
        <option value={OTHER_LIST} selected={props.value === OTHER_LIST}>
          {props.otherLabel}
        </option>
      </select>
      <FieldError id="liste-erreur" message={props.error} />
    </div>
  );
}

export function ConsentFieldset(props: {
  legend: string;
  publishLabel: string;
  contactLabel: string;
  values: Pick<SigningValues, 'consentPublish' | 'consentContact'>;
}) {
  return (
    <fieldset class="field">
      <legend>{props.legend}</legend>
      <Choice
        type="checkbox"
        id="consentPublish"
        name="consentPublish"
        value="oui"
        checked={props.values.consentPublish}
      >
        {props.publishLabel}
      </Choice>
      <Choice
        type="checkbox"
        id="consentContact"
        name="consentContact"
        value="oui"
        checked={props.values.consentContact}
      >
        {props.contactLabel}
      </Choice>
    </fieldset>
  );
}
