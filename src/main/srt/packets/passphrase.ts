// SRT's passphrase rule (SRTO_PASSPHRASE: libsrt takes 10–79 characters; Gcore's API: printable ASCII, no spaces),
// checked without ever echoing the value. One rule for the engine (before a sender starts) and the API calls that set it.

import { AppError } from '../../appError';

/**
 * Checks a passphrase without ever echoing it: 10..79 characters (libsrt accepts 10–79; Gcore allows 80, so 79 is
 * the common ground), printable ASCII without spaces as Gcore's API requires (`^[!-~]+$`).
 */
export function validatePassphrase(passphrase: string, subject = 'The SRT passphrase'): void {
  if (passphrase.length < 10 || passphrase.length > 79) {
    throw new AppError('input', 'bad_passphrase', `${subject} has ${passphrase.length} characters: it must have 10 to 79.`);
  }
  if (!/^[!-~]+$/.test(passphrase)) {
    throw new AppError('input', 'bad_passphrase', `${subject} may contain only printable ASCII characters without spaces, as Gcore requires.`);
  }
}
