package io.certmedic.cli;

/**
 * A problem with what the user gave (a file, a flag, an object): printed as one line, exit 2, never
 * a stack trace unless {@code --debug}. The message names the input and what to do.
 */
public final class UserException extends RuntimeException {

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
