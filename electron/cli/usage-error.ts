/** A mistake in how a command was called (flags, environment): printed as one line, exit code 2 (args.ts runCli). */
export class UsageError extends Error {}
