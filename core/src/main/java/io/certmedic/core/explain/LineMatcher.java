package io.certmedic.core.explain;

/**
 * Recognises one TLS stack's wording. A matcher sets the family, the stack and the fields only its
 * wording carries (names, times, the candidate authority) and returns true, or leaves the builder
 * alone and returns false. Lines reach matchers already unescaped (see {@link Fields}).
 */
sealed interface LineMatcher
    permits GoMatcher,
        JdkMatcher,
        NodeMatcher,
        OpenSslMatcher,
        RustlsMatcher,
        DotnetMatcher,
        CurlBackendMatcher,
        ProxyMatcher,
        HandshakeMatcher {

  boolean match(Text line, ErrorFacts.Builder b);

  /** In the order they are tried: the most specific wording first. */
  LineMatcher[] ALL = {
    new GoMatcher(),
    new JdkMatcher(),
    new NodeMatcher(),
    new RustlsMatcher(),
    new DotnetMatcher(),
    new CurlBackendMatcher(),
    new OpenSslMatcher(),
    new ProxyMatcher(),
    new HandshakeMatcher()
  };
}
