import type { IdOptions, MessageOptions } from './index.js';

/** An async-validator rule object (Element Plus, Ant Design Vue). */
export interface CanbaoRule {
  required: boolean;
  trigger: string | string[];
  validator(rule: unknown, value: unknown, callback: (error?: Error) => void): void;
}

export interface RuleOptions {
  /** Fail on empty values too (default false: empty passes). */
  required?: boolean;
  /** When the form library validates (default 'blur'). */
  trigger?: string | string[];
}

export function idRule(options?: IdOptions & RuleOptions): CanbaoRule;
export function phoneRule(options?: MessageOptions & RuleOptions): CanbaoRule;
export function usccRule(options?: MessageOptions & RuleOptions): CanbaoRule;
