/** An error whose exit code tells scripts what happened: 2 for invalid input, 1 otherwise. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2) {
    super(message);
  }
}

export const invalid = (message: string) => new CliError(message, 2);
