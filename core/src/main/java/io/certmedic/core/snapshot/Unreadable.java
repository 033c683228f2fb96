package io.certmedic.core.snapshot;

/** Something in the input that could not be read; the doctor reports it and analyses the rest. */
public record Unreadable(String where, String kind, String namespace, String name, String problem) {}
