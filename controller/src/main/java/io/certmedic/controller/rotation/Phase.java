package io.certmedic.controller.rotation;

/**
 * Where the CA rotation stands; {@code certmedic_ca_rotation_phase} exports {@link #ordinal()}.
 * STABLE: one CA signs and is trusted. STAGED: a new CA is trusted too, but the old one still
 * signs. PROMOTED: the new CA signs; the old one stays trusted until nothing it signed is served.
 */
public enum Phase {
  STABLE,
  STAGED,
  PROMOTED
}
