/**
 * A data directory that cannot be used: in use, foreign, damaged, unreadable. The message
 * starts with the directory as it was given and reads on from there, so the caller can put
 * the name of its setting in front: `DATA_DIR ./x is in use by …`, `--data ./x is in use by …`.
 */
export class DataDirError extends Error {
  override name = 'DataDirError';

  constructor(
    readonly dir: string,
    readonly problem: string,
  ) {
    super(`${dir} ${problem}`);
  }
}
