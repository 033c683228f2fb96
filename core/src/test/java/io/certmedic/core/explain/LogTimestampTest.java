package io.certmedic.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTimestampTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-02-25T04:24:18.123Z level=error msg=x                  | | 2024-02-25T04:24:18.123Z",
        "2024-02-25 04:24:18,123 ERROR x                             | | 2024-02-25T04:24:18,123",
        "2020/11/25 12:17:16 http: TLS handshake error               | | 2020-11-25T12:17:16",
        "{\"level\":\"error\",\"ts\":\"2024-01-02T03:04:05Z\"}       | | 2024-01-02T03:04:05Z",
        "time=\"2025-11-23T14:00:06Z\" level=warning                 | | 2025-11-23T14:00:06Z",
        "E0225 04:24:18.123456       1 dispatcher.go:1] x            | | 0225 04:24:18.123456",
        "E0225 04:24:18.123456       1 dispatcher.go:1] x            | 2024 | 2024-02-25T04:24:18.123456Z",
        "Apr 13 16:29:47 node-1 systemd[1]: x                        | | Apr 13 16:29:47",
        "Apr 13 16:29:47 node-1 systemd[1]: x                        | 2024 | 2024-04-13T16:29:47Z",
        "x509: certificate has expired: current time 2024-02-25T04:24:18Z | | ",
        "pod-a: W0101 00:00:01.5 7 x.go:1] y                          | | 0101 00:00:01.5",
        "[web]I0301 10:11:12 42 x.go:1] y                             | | 0301 10:11:12",
        "E12 then F0225 04:24:18.123456 1 x.go:1] y                   | | 0225 04:24:18.123456",
        "xE0225 04:24:18.123456 1 x.go:1] y                           | | ",
        "E0225 04:24:18.123456 x.go:1] no thread id                   | | ",
      })
  void findsTheLinesOwnTimeNotTimesInTheMessage(String line, Integer year, String want) {
    assertThat(LogTimestamp.find(line, year)).isEqualTo(want);
  }
}
