package io.certmedic.core.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {

  /** An endless stream of zeros, as /dev/zero is. */
  private static final InputStream ZEROS =
      new InputStream() {
        @Override
        public int read() {
          return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return len;
        }
      };

  @Test
  void readsAnInputOfExactlyTheLimit() throws IOException {
    InputStream in = new BoundedInputStream(new ByteArrayInputStream(new byte[100]), "f", 100);
    assertThat(in.readAllBytes()).hasSize(100);
  }

  @Test
  void anEndlessDeviceStopsAtTheLimitWithOneLineNamingIt() {
    InputStream in = new BoundedInputStream(ZEROS, "/dev/zero", 1 << 20);
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(BoundedInputStream.TooLargeException.class)
        .hasMessage(
            "/dev/zero: more than 1048576 bytes is too large (raise the limit with"
                + " --max-input-size)");
  }

  @Test
  void byteByByteReadsAreCountedToo() {
    InputStream in = new BoundedInputStream(ZEROS, "pipe", 3);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 5; i++) {
                in.read();
              }
            })
        .isInstanceOf(BoundedInputStream.TooLargeException.class);
  }
}
