import type { IdOptions, MessageOptions } from './index.js';

/** An async-validator rule object (Element Plus, Ant Design Vue); with `promise: true`, a
 * rule whose validator returns a promise (Ant Design for React). */
export interface CanbaoRule {
  required: boolean;
  /** When Element Plus and Ant Design Vue validate. */
  trigger: string | string[];
  /** When Ant Design (React) validates (trigger's events by its names: "onBlur", "onChange"). */
  validateTrigger: string[];
  validator(rule: unknown, value: unknown, callback?: (error?: Error) => void): void | Promise<void>;
}

export interface RuleOptions {
  /** Fail on empty values too (default false: empty passes). */
  required?: boolean;
  /** When the form library validates (default 'blur'). */
  trigger?: string | string[];
  /** Return a promise instead of calling back (Ant Design for React). Default false. */
  promise?: boolean;
}

export function idRule(options?: IdOptions & RuleOptions): CanbaoRule;
export function phoneRule(options?: MessageOptions & RuleOptions): CanbaoRule;
export function usccRule(options?: MessageOptions & RuleOptions): CanbaoRule;
