/** A snapshot folder that cannot be read or written; `file` names the offending path. */
export class SnapshotError extends Error {
  readonly file: string;

  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'SnapshotError';
    this.file = file;
  }
}

/** A path below the output folder is a symbolic link: the writers never write or delete through one. */
export class LinkedPathError extends SnapshotError {
  constructor(file: string, target: string | undefined) {
    super(
      file,
      `is a symbolic link${target ? ` (to ${target})` : ''}; cf-access-audit never writes or deletes ` +
        'through a link below the output folder. Remove the link (or replace it with a real folder), ' +
        'or choose another --out folder',
    );
    this.name = 'LinkedPathError';
  }
}
