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
  checkValidity(): boolean;
  reportValidity(): boolean;
}

declare global {
  interface HTMLElementTagNameMap {
    'canbao-id-input': CanbaoIdInput;
  }
}
