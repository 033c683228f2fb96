package io.certmedic.core.x509;

import io.certmedic.core.pem.PemLimits;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The names a PKCS#10 certificate signing request asks for (its extensionRequest's subject
 * alternative names), as a Kubernetes CertificateSigningRequest carries it in {@code spec.request}:
 * the kubelet's serving CSRs must ask for the node's IP addresses.
 */
public record CsrFacts(List<String> dnsNames, List<String> ipAddresses) {

  /** The PEM type of a request. */
  static final String PEM_TYPE = "CERTIFICATE REQUEST";

  public CsrFacts {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }

  /**
   * Reads a PEM {@code CERTIFICATE REQUEST} (at most {@link PemLimits#MAX_BLOCK_BYTES}); the
   * exception's message says in a few words why it could not.
   */
  public static CsrFacts read(byte[] pem) throws IOException {
    if (pem == null || pem.length == 0) {
      throw new IOException("the request is empty");
    }
    if (pem.length > PemLimits.MAX_BLOCK_BYTES) {
      throw new IOException("the request is larger than " + PemLimits.MAX_BLOCK_BYTES + " bytes");
    }
    PemObject o;
    try (org.bouncycastle.util.io.pem.PemReader r =
        new org.bouncycastle.util.io.pem.PemReader(
            new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      o = r.readPemObject();
    } catch (RuntimeException e) {
      throw new IOException("the request is not valid PEM", e);
    }
    if (o == null || !PEM_TYPE.equals(o.getType())) {
      throw new IOException("the request holds no PEM " + PEM_TYPE + " block");
    }
    PKCS10CertificationRequest csr;
    try {
      csr = new PKCS10CertificationRequest(o.getContent());
    } catch (IOException | RuntimeException e) {
      throw new IOException("the request does not parse as PKCS#10", e);
    }
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    for (Attribute a : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      for (ASN1Encodable v : a.getAttributeValues()) {
        Extensions ext = Extensions.getInstance(v);
        GeneralNames names = GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
        if (names == null) {
          continue;
        }
        for (GeneralName n : names.getNames()) {
          if (n.getTagNo() == GeneralName.dNSName) {
            dns.add(n.getName().toString());
          } else if (n.getTagNo() == GeneralName.iPAddress) {
            ips.add(ip(ASN1OctetString.getInstance(n.getName()).getOctets()));
          }
        }
      }
    }
    return new CsrFacts(dns, ips);
  }

  private static String ip(byte[] octets) throws IOException {
    try {
      return InetAddress.getByAddress(octets).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IOException("the request has an IP address of " + octets.length + " bytes", e);
    }
  }
}
