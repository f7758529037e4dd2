/**
 * The one error type the harness throws for problems a user can fix
 * (bad configuration, a provider that cannot start). `message` names what was
 * wrong and `hint` says how to fix it.
 */
export class HarnessError extends Error {
  /** How to fix it, in one sentence. */
  readonly hint: string;

  /**
   * @param message what went wrong, naming the offending value
   * @param hint how to fix it
   * @param cause the underlying error, if any
   */
  constructor(message: string, hint: string, cause?: unknown) {
    super(`${message}\n  → ${hint}`, cause === undefined ? undefined : { cause });
    this.name = 'HarnessError';
    this.hint = hint;
  }
}
