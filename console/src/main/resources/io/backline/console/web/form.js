// An object's create/edit form. The API checks every value; its refusal names the field first
// ("port: 99999 (expected: ...)"), so the message goes under that field's input.
import { html, render } from './vendor/lit-html/lit-html.js';
import { ApiError } from './api.js';
import { describe } from './ui.js';

const idFor = (name) => `field-${name.replace(/[^a-z0-9_-]/gi, '-')}`;

function input(field, value, error, suggestions) {
  const id = idFor(field.name);
  const described = error ? `${id}-error` : '';
  const control = field.type === 'bool'
    ? html`<input id=${id} name=${field.name} type="checkbox" .checked=${value === true || value === 'true' || value === 1}
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described}>`
    : field.type === 'select'
      ? html`<select id=${id} name=${field.name} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described}>
          ${field.options.map((o) => html`<option ?selected=${String(value ?? field.options[0]).toUpperCase() === o}>${o}</option>`)}</select>`
      : html`<input id=${id} name=${field.name} type="text" inputmode=${field.type === 'number' ? 'numeric' : 'text'}
          class=${field.wide ? 'wide' : ''} .value=${value === null || value === undefined ? '' : String(value)}
          list=${suggestions ? `${id}-names` : ''}
          ?required=${field.required} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described}>`;
  return html`<div class=${'field' + (error ? ' invalid' : '') + (field.type === 'bool' ? ' check' : '')}>
    <label for=${id}>${field.label} <code>${field.name}</code></label>
    ${control}
    ${suggestions ? html`<datalist id=${`${id}-names`}>${suggestions.map((name) => html`<option value=${name}></option>`)}</datalist>` : ''}
    ${error ? html`<p id=${described} class="field-error" role="alert">${error}</p>` : ''}
  </div>`;
}

/** What the form changes: on create every filled field, on edit only the fields that differ. */
function collect(formElement, fields, original) {
  const values = {};
  for (const field of fields) {
    const element = formElement.elements.namedItem(field.name);
    const value = field.type === 'bool' ? String(element.checked) : element.value;
    if (original) {
      const before = original[field.name];
      const beforeText = field.type === 'bool' ? String(before === true || before === 'true' || before === 1)
        : (before === null || before === undefined ? '' : String(before));
      if (value !== beforeText) values[field.name] = value;
    } else if (value !== '' && !(field.type === 'bool' && value === 'false')) {
      values[field.name] = value;
    }
  }
  return values;
}

/**
 * Renders a form into container; save(values) runs the API call; suggestions maps a field to the
 * names it may take (a backend's condition and health check), offered as a datalist. An ApiError lands at the field
 * its detail names, or above the form when it names none of the form's fields.
 */
export function objectForm(container, { fields, original, submitLabel, save, suggestions = {} }) {
  const draw = (errors = {}) => {
    render(html`
      <form class="object-form" novalidate @submit=${submit}>
        ${errors._form ? html`<div class="notice error" role="alert">${errors._form}</div>` : ''}
        <div class="fields">${fields.map((f) => input(f, draftValue(f), errors[f.name], suggestions[f.name]))}</div>
        <button type="submit" class="primary">${submitLabel}</button>
      </form>`, container);
  };
  let draft = original || {};
  const draftValue = (field) => draft[field.name];
  async function submit(event) {
    event.preventDefault();
    const formElement = event.target;
    const values = collect(formElement, fields, original);
    draft = { ...draft, ...Object.fromEntries(fields.map((f) => {
      const element = formElement.elements.namedItem(f.name);
      return [f.name, f.type === 'bool' ? element.checked : element.value];
    })) };
    try {
      await save(values);
    } catch (error) {
      const field = error instanceof ApiError ? error.field : null;
      const errors = field && fields.some((f) => f.name === field) ? { [field]: describe(error) } : { _form: describe(error) };
      draw(errors);
      const target = field ? container.querySelector(`#${idFor(field)}`) : null;
      if (target) target.focus();
    }
  }
  draw();
}
