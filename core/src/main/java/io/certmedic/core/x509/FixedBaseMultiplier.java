package io.certmedic.core.x509;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * {@code d * G} for deriving the public half of EC private keys, with a table of every byte
 * multiple of every byte position of G (8-bit fixed windows): one point addition per byte of
 * {@code d}, no doublings, about three times faster than BouncyCastle's fixed-point comb. The
 * doctor derives one public key per TLS Secret, so on large dumps this is the bulk of key work.
 *
 * <p>Not constant-time: it only derives an identifier to compare with a certificate, from keys
 * the user already holds in a file. Scalars outside {@code [1, n)} are left to the caller.
 */
final class FixedBaseMultiplier {

  private static final int WINDOW_BITS = 8;
  private static final int WINDOW = 1 << WINDOW_BITS;
  /** Tables for curves up to this order size (P-256: about 1 MiB, P-384: about 1.5 MiB). */
  static final int MAX_ORDER_BITS = 384;

  private static final Map<ByteBuffer, FixedBaseMultiplier> TABLES = new ConcurrentHashMap<>();

  private final ECCurve curve;
  private final int windows;
  private final ECPoint[][] table; // table[w][j] = j * 2^(8w) * G, normalized; [w][0] unused

  private FixedBaseMultiplier(ECDomainParameters p) {
    this.curve = p.getCurve();
    this.windows = (p.getN().bitLength() + WINDOW_BITS - 1) / WINDOW_BITS;
    this.table = new ECPoint[windows][];
    ECPoint base = p.getG().normalize();
    for (int w = 0; w < windows; w++) {
      ECPoint[] row = new ECPoint[WINDOW];
      row[0] = curve.getInfinity();
      row[1] = base;
      for (int j = 2; j < WINDOW; j++) {
        row[j] = row[j - 1].add(base);
      }
      ECPoint next = row[WINDOW - 1].add(base);
      curve.normalizeAll(row, 1, WINDOW - 1, null);
      table[w] = row;
      base = next.normalize();
    }
  }

  /** The multiplier for {@code p}'s base point, built on first use; null for larger curves. */
  static FixedBaseMultiplier of(ECDomainParameters p) {
    if (p.getN().bitLength() > MAX_ORDER_BITS) {
      return null;
    }
    ByteBuffer key = ByteBuffer.wrap(p.getG().getEncoded(false));
    return TABLES.computeIfAbsent(key, k -> new FixedBaseMultiplier(p));
  }

  /** {@code d * G}, normalized; {@code d} must be in {@code [1, n)}. */
  ECPoint multiply(BigInteger d) {
    byte[] k = BigIntegers.asUnsignedByteArray(windows, d);
    ECPoint acc = curve.getInfinity();
    for (int w = 0; w < windows; w++) {
      int b = k[windows - 1 - w] & 0xff;
      if (b != 0) {
        acc = acc.add(table[w][b]);
      }
    }
    return acc.normalize();
  }
}
