/** Known errors: each becomes one line, a hint, and exit code 2 in cli.ts. */
export class AgentSecretsError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly where?: string,
  ) {
    super(message);
  }
}
export class UsageError extends AgentSecretsError {}
export class ConfigError extends AgentSecretsError {}
export class RuleError extends AgentSecretsError {}
