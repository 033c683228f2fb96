package io.certmedic.bench; final class Placeholder { private Placeholder() {} }
