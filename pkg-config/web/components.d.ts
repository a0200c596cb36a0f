import type { IdResult } from '../index.js';

/** <canbao-id-input>: a form-associated identity-number field (see components.js). */
export declare class CanbaoIdInput extends HTMLElement {
  static readonly formAssociated: true;
  /** The text as typed. */
  value: string;
  /** The last validateId result, null when the field is empty. */
  readonly result: IdResult | null;
  readonly form: HTMLFormElement | null;
  readonly name: string | null;
  readonly validity: ValidityState;
  readonly validationMessage: string;
  /** The <label for> elements of the page that name it. */
  readonly labels: NodeList;
  disabled: boolean;
  checkValidity(): boolean;
  reportValidity(): boolean;
  /** A message of the page's own, shown once the number itself is valid; "" clears it. */
  setCustomValidity(message: string): void;
  /** Resets to the `value` attribute and hides the message (a form reset calls it). */
  formResetCallback(): void;
  /** Disabled with a disabled fieldset (the form calls it). */
  formDisabledCallback(disabled: boolean): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'canbao-id-input': CanbaoIdInput;
  }
}
