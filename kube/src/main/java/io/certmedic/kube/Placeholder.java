package io.certmedic.kube; final class Placeholder { private Placeholder() {} }
