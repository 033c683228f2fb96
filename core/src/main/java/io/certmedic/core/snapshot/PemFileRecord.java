package io.certmedic.core.snapshot;

/** A PEM or DER file given to the doctor directly (a CA bundle, a certificate). */
public record PemFileRecord(String source, DataField content) {}
