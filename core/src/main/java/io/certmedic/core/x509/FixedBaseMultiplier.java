package io.certmedic.core.x509;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;
import org.bouncycastle.util.BigIntegers;

/**
 * {@code d * G} for deriving the public half of EC private keys, with a table of every byte
 * multiple of every byte position of G (8-bit fixed windows): one point addition per byte of {@code
 * d}, no doublings, about three times faster than BouncyCastle's fixed-point comb. The doctor
 * derives one public key per TLS Secret, so on large dumps this is the bulk of key work.
 *
 * <p>Not constant-time: it only derives an identifier to compare with a certificate, from keys the
 * user already holds in a file. Scalars outside {@code [1, n)} are left to the caller.
 */
final class FixedBaseMultiplier {

  private static final int WINDOW_BITS = 8;
  private static final int WINDOW = 1 << WINDOW_BITS;

  /** Tables for curves up to this order size (P-256: about 1 MiB, P-384: about 1.5 MiB). */
  static final int MAX_ORDER_BITS = 384;

  private static final Map<ByteBuffer, FixedBaseMultiplier> TABLES = new ConcurrentHashMap<>();

  /** P-256's field prime. */
  private static final BigInteger P = new SecP256R1Curve().getQ();

  private final ECCurve curve;
  private final int windows;
  private final ECPoint[][] table; // table[w][j] = j * 2^(8w) * G, normalized; [w][0] unused
  private final int[][][] p256; // for P-256: p256[w][2j], p256[w][2j+1] = x, y of table[w][j]

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
    if (curve instanceof SecP256R1Curve) {
      p256 = new int[windows][2 * WINDOW][];
      for (int w = 0; w < windows; w++) {
        for (int j = 1; j < WINDOW; j++) {
          p256[w][2 * j] =
              SecP256R1Field.fromBigInteger(table[w][j].getAffineXCoord().toBigInteger());
          p256[w][2 * j + 1] =
              SecP256R1Field.fromBigInteger(table[w][j].getAffineYCoord().toBigInteger());
        }
      }
    } else {
      p256 = null;
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

  /**
   * The affine coordinates of {@code d * G} as {x, y}, for P-256 with BouncyCastle's raw field
   * arithmetic (mixed Jacobian-affine additions on int arrays, no allocation per step); null when
   * this is not P-256 or an addition meets a doubling case (then use {@link #multiply}).
   */
  BigInteger[] multiplyP256(BigInteger d) {
    P256Point q = jacobianP256(d);
    return q == null ? null : q.affine();
  }

  /**
   * {@code d * G} on P-256 in Jacobian coordinates, not normalised: {@link P256Point#is} compares
   * it with an affine point for three field multiplications where normalising costs an inversion
   * (about as much as the multiplication itself). Null when this is not P-256 or an addition meets
   * a doubling case (then use {@link #multiply}).
   */
  P256Point jacobianP256(BigInteger d) {
    int[][][] t = p256;
    if (t == null) {
      return null;
    }
    byte[] k = BigIntegers.asUnsignedByteArray(windows, d);
    int[] x1 = null;
    int[] y1 = null;
    int[] z1 = null;
    int[] z1z1 = Nat256.create();
    int[] u2 = Nat256.create();
    int[] s2 = Nat256.create();
    int[] h = Nat256.create();
    int[] r = Nat256.create();
    int[] hh = Nat256.create();
    int[] hhh = Nat256.create();
    int[] v = Nat256.create();
    int[] tmp = Nat256.create();
    for (int w = 0; w < windows; w++) {
      int b = k[windows - 1 - w] & 0xff;
      if (b == 0) {
        continue;
      }
      int[] x2 = t[w][2 * b];
      int[] y2 = t[w][2 * b + 1];
      if (x1 == null) {
        x1 = x2.clone();
        y1 = y2.clone();
        z1 = Nat256.create();
        z1[0] = 1;
        continue;
      }
      // add-1998-cmo-2 with Z2 = 1: U2 = x2 Z1^2, S2 = y2 Z1^3, H = U2 - X1, R = S2 - Y1
      SecP256R1Field.square(z1, z1z1);
      SecP256R1Field.multiply(x2, z1z1, u2);
      SecP256R1Field.multiply(z1, z1z1, tmp);
      SecP256R1Field.multiply(y2, tmp, s2);
      SecP256R1Field.subtract(u2, x1, h);
      SecP256R1Field.subtract(s2, y1, r);
      if (Nat256.isZero(h)) {
        return null; // the same or opposite point: not reached for d in [1, n), but never guessed
      }
      SecP256R1Field.square(h, hh);
      SecP256R1Field.multiply(h, hh, hhh);
      SecP256R1Field.multiply(x1, hh, v);
      // X3 = R^2 - HHH - 2V; Y3 = R (V - X3) - Y1 HHH; Z3 = Z1 H
      SecP256R1Field.square(r, tmp);
      SecP256R1Field.subtract(tmp, hhh, tmp);
      SecP256R1Field.subtract(tmp, v, tmp);
      SecP256R1Field.subtract(tmp, v, tmp);
      SecP256R1Field.multiply(y1, hhh, hhh); // hhh := Y1 HHH
      SecP256R1Field.subtract(v, tmp, v);
      SecP256R1Field.multiply(r, v, y1);
      SecP256R1Field.subtract(y1, hhh, y1);
      System.arraycopy(tmp, 0, x1, 0, 8);
      SecP256R1Field.multiply(z1, h, z1);
    }
    return x1 == null ? null : new P256Point(x1, y1, z1);
  }

  /** A P-256 point (X : Y : Z) in Jacobian coordinates, Z not zero: (X / Z^2, Y / Z^3). */
  static final class P256Point {
    private final int[] x;
    private final int[] y;
    private final int[] z;

    private P256Point(int[] x, int[] y, int[] z) {
      this.x = x;
      this.y = y;
      this.z = z;
    }

    /**
     * True when this is the affine point ({@code ax}, {@code ay}): X == ax Z^2 and Y == ay Z^3, no
     * inversion. False for coordinates outside the field (they name no point of it).
     */
    boolean is(BigInteger ax, BigInteger ay) {
      if (ax.signum() < 0 || ay.signum() < 0 || ax.compareTo(P) >= 0 || ay.compareTo(P) >= 0) {
        return false;
      }
      int[] zz = Nat256.create();
      int[] t = Nat256.create();
      SecP256R1Field.square(z, zz);
      SecP256R1Field.multiply(Nat256.fromBigInteger(ax), zz, t);
      if (!Nat256.eq(t, x)) {
        return false;
      }
      SecP256R1Field.multiply(zz, z, zz);
      SecP256R1Field.multiply(Nat256.fromBigInteger(ay), zz, t);
      return Nat256.eq(t, y);
    }

    /** {x, y}: one field inversion. */
    BigInteger[] affine() {
      int[] zi = Nat256.create();
      int[] t = Nat256.create();
      int[] ax = Nat256.create();
      int[] ay = Nat256.create();
      SecP256R1Field.inv(z, zi);
      SecP256R1Field.square(zi, t); // 1/Z^2
      SecP256R1Field.multiply(x, t, ax);
      SecP256R1Field.multiply(t, zi, t); // 1/Z^3
      SecP256R1Field.multiply(y, t, ay);
      return new BigInteger[] {Nat256.toBigInteger(ax), Nat256.toBigInteger(ay)};
    }
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
