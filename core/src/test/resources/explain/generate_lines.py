"""Makes real TLS failure lines on loopback; run through generate-lines.sh (see there).

Every server listens on 127.0.0.1 only. Each scenario is one certificate broken in one known way;
its family is what the certificate was made to be, never what certmedic says. A client that does
not fail (a stack that does not check what the scenario breaks) gives no line.
"""

import datetime
import logging
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import traceback

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)
TMP = tempfile.mkdtemp(prefix="certmedic-lines-")
ROWS = []
SERVER_ERRORS = []


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_cert(subject, issuer, issuer_key, key, *, ca=False, sans=None, not_before=None,
              not_after=None, eku=ExtendedKeyUsageOID.SERVER_AUTH, digest=None):
    b = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(name(issuer))
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(not_before or NOW - DAY).not_valid_after(not_after or NOW + 30 * DAY)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if sans is not None:
        import ipaddress
        gen = [x509.IPAddress(ipaddress.ip_address(s)) if s[0].isdigit() else x509.DNSName(s)
               for s in sans]
        b = b.add_extension(x509.SubjectAlternativeName(gen), critical=False)
    if not ca and eku is not None:
        b = b.add_extension(x509.ExtendedKeyUsage([eku]), critical=False)
    return b.sign(issuer_key, digest or hashes.SHA256())


def write(stem, cert, key):
    cp, kp = os.path.join(TMP, stem + ".pem"), os.path.join(TMP, stem + ".key")
    with open(cp, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(kp, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.TraditionalOpenSSL,
                                  serialization.NoEncryption()))
    return cp, kp


def pki():
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = make_cert("certmedic-lines-ca", "certmedic-lines-ca", ca_key, ca_key, ca=True)
    write("ca", ca, ca_key)
    other_key = ec.generate_private_key(ec.SECP256R1())
    other = make_cert("other-ca", "other-ca", other_key, other_key, ca=True)
    rsa_ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rsa_ca = make_cert("certmedic-lines-ca", "certmedic-lines-ca", rsa_ca_key, rsa_ca_key, ca=True)
    both = ["localhost", "127.0.0.1"]
    leaf = {}

    def add(stem, issuer="certmedic-lines-ca", ikey=ca_key, key=None, **kw):
        k = key or ec.generate_private_key(ec.SECP256R1())
        leaf[stem] = write(stem, make_cert(kw.pop("cn", "localhost"), issuer, ikey, k, **kw), k)

    add("good", sans=both)
    add("expired", sans=both, not_before=NOW - 90 * DAY, not_after=NOW - 10 * DAY)
    add("not_yet_valid", sans=both, not_before=NOW + 10 * DAY, not_after=NOW + 90 * DAY)
    add("wrong_name", sans=["other.example", "10.9.9.9"], cn="other.example")
    add("no_ip_san", sans=["localhost"])
    add("unknown_authority", issuer="other-ca", ikey=other_key, sans=both)
    k = ec.generate_private_key(ec.SECP256R1())
    leaf["self_signed"] = write("self_signed", make_cert("localhost", "localhost", k, k, sans=both), k)
    add("key_usage", sans=both, eku=ExtendedKeyUsageOID.CLIENT_AUTH)
    # A SHA-1 signature from an RSA CA of the same name (the EC CA file is what clients trust, so
    # the RSA CA goes into its own trust file).
    # cryptography no longer signs with SHA-1: openssl x509 -req -sha1 does.
    write("rsa_ca", rsa_ca, rsa_ca_key)
    ext = os.path.join(TMP, "weak.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    wk, wc, wr = (os.path.join(TMP, "weak_signature" + x) for x in (".key", ".pem", ".csr"))
    subprocess.run(["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", wk,
                    "-subj", "/CN=localhost", "-out", wr], check=True, capture_output=True)
    subprocess.run(["openssl", "x509", "-req", "-in", wr, "-CA", os.path.join(TMP, "rsa_ca.pem"),
                    "-CAkey", os.path.join(TMP, "rsa_ca.key"), "-CAcreateserial", "-sha1",
                    "-days", "30", "-extfile", ext, "-out", wc], check=True, capture_output=True)
    leaf["weak_signature"] = (wc, wk)
    add("legacy_cn", cn="127.0.0.1")
    leaf["protocol"] = leaf["good"]
    return leaf


def serve(stem, certfile, keyfile):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    ctx.load_cert_chain(certfile, keyfile)
    if stem == "protocol":
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)

    def loop():
        while True:
            conn, _ = sock.accept()
            try:
                with ctx.wrap_socket(conn, server_side=True) as s:
                    s.settimeout(5)
                    s.recv(4096)
                    s.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            except Exception as e:  # the server's own view of a client that gave up
                SERVER_ERRORS.append((stem, "".join(traceback.format_exception_only(e)).strip()))
            finally:
                conn.close()

    threading.Thread(target=loop, daemon=True).start()
    return sock.getsockname()[1]


def row(family, stack, source, line):
    line = line.strip().replace("\t", " ").replace("\r", "")
    if family == "legacy_cn" and "No subject alternative names present" not in line:
        # Only the JDK says the certificate has no SAN; OpenSSL, Python and Node.js never read the
        # CN for an IP and report what the line shows: an IP mismatch.
        family = "hostname_mismatch"
    if stack == "jdk" and line.endswith("validity check failed"):
        # The JDK says "validity check failed" for both; only the later NotAfter/NotBefore line tells.
        family = "expired|not_yet_valid"
    if "certificate verify failed:../ssl/" in line:
        # OpenSSL's generic error line names no reason: a TLS failure certmedic cannot place.
        family = "unknown"
    if line:
        ROWS.append((family, stack, source, line.replace("\n", "\\n")))


FAMILY = {
    "expired": "expired", "not_yet_valid": "not_yet_valid", "wrong_name": "hostname_mismatch",
    "no_ip_san": "hostname_mismatch", "unknown_authority": "unknown_authority",
    "self_signed": "unknown_authority", "key_usage": "key_usage",
    "weak_signature": "weak_signature", "legacy_cn": "legacy_cn", "protocol": "handshake_failure",
}
# What each scenario dials: the IP scenarios dial 127.0.0.1, the others localhost.
HOST = {"no_ip_san": "127.0.0.1", "legacy_cn": "127.0.0.1"}


def trust(stem):
    return os.path.join(TMP, "rsa_ca.pem" if stem == "weak_signature" else "ca.pem")


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=30, **kw)
    return p.stdout + p.stderr


def openssl(stem, port):
    host = HOST.get(stem, "localhost")
    check = ["-verify_ip", host] if host[0].isdigit() else ["-verify_hostname", host]
    extra = ["-tls1_2"] if stem == "protocol" else []
    cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "localhost",
           "-CAfile", trust(stem), "-verify_return_error", *check, *extra]
    out = run(cmd, input="")
    shown = "openssl s_client -connect 127.0.0.1:PORT -servername localhost -CAfile ca.pem -verify_return_error " + " ".join(check + extra)
    for l in out.splitlines():
        if l.startswith("verify error:") or "Verify return code: " in l and not l.endswith("(ok)") or ":error:" in l:
            row(FAMILY[stem], "openssl", "generated: " + shown, l)
    if stem != "protocol":
        cmd = ["openssl", "verify", "-CAfile", trust(stem), *check, os.path.join(TMP, stem + ".pem")]
        for l in run(cmd).splitlines():
            if l.startswith("error ") and " lookup:" in l:
                row(FAMILY[stem], "openssl", "generated: openssl verify -CAfile ca.pem " + " ".join(check) + " leaf.pem", l)


def curl(stem, port):
    host = HOST.get(stem, "localhost")
    extra = ["--tls-max", "1.2"] if stem == "protocol" else []
    out = run(["curl", "-sS", "--cacert", trust(stem), *extra, f"https://{host}:{port}/"])
    for l in out.splitlines():
        if l.startswith("curl: ("):
            row(FAMILY[stem], "curl", f"generated: curl -sS --cacert ca.pem {' '.join(extra)} https://{host}:PORT/".replace("  ", " "), l)


def python_ssl(stem, port):
    host = HOST.get(stem, "localhost")
    ctx = ssl.create_default_context(cafile=trust(stem))
    if stem == "protocol":
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            with ctx.wrap_socket(s, server_hostname=host):
                pass
    except Exception as e:
        row(FAMILY[stem], "python", "generated: python3 ssl.create_default_context(cafile=ca.pem).wrap_socket(server_hostname=" + host + ")",
            "".join(traceback.format_exception_only(e)))


def python_urllib3(stem, port):
    import urllib3
    host = HOST.get(stem, "localhost")
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    h = Keep()
    h.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
    log = logging.getLogger("urllib3.connectionpool")
    log.addHandler(h)
    try:
        pool = urllib3.PoolManager(ca_certs=trust(stem), retries=urllib3.Retry(total=1))
        pool.request("GET", f"https://{host}:{port}/")
    except Exception as e:
        records.append("".join(traceback.format_exception_only(e)))
    finally:
        log.removeHandler(h)
    for r in records:
        row(FAMILY[stem], "python", f"generated: python3 urllib3.PoolManager(ca_certs=ca.pem, retries=Retry(total=1)).request('GET', 'https://{host}:PORT/')", r)


def python_requests(stem, port):
    import requests
    host = HOST.get(stem, "localhost")
    try:
        requests.get(f"https://{host}:{port}/", verify=trust(stem), timeout=5)
    except Exception as e:
        row(FAMILY[stem], "python", f"generated: python3 requests.get('https://{host}:PORT/', verify=ca.pem)",
            "".join(traceback.format_exception_only(e)))


NODE = r"""
const https = require('https'), fs = require('fs'), util = require('util');
const [host, port, ca, tls12] = process.argv.slice(1);
const opts = {host, port, ca: fs.readFileSync(ca), path: '/'};
if (tls12 === '1') opts.maxVersion = 'TLSv1.2';
https.get(opts, r => r.resume()).on('error', e => { console.log(util.inspect(e).split('\n')[0] + ' code: ' + e.code); });
"""


def node(stem, port):
    host = HOST.get(stem, "localhost")
    out = run(["node", "-e", NODE, host, str(port), trust(stem), "1" if stem == "protocol" else "0"])
    for l in out.splitlines():
        row(FAMILY[stem], "node", f"generated: node -e \"https.get({{host: '{host}', port: PORT, ca}}).on('error', e => console.log(util.inspect(e).split('\\n')[0] + ' code: ' + e.code))\"", l)


JAVA = r"""
import java.io.*; import java.net.*; import java.net.http.*; import java.security.*; import javax.net.ssl.*;
public class Gen {
  public static void main(String[] a) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(a[1])) { ks.load(in, "changeit".toCharArray()); }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance(a[2].equals("1") ? "TLSv1.2" : "TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    try {
      HttpsURLConnection c = (HttpsURLConnection) new URL(a[0]).openConnection();
      c.setSSLSocketFactory(ctx.getSocketFactory());
      c.getResponseCode();
    } catch (Exception e) { print("HttpsURLConnection", e); }
    try {
      HttpClient.newBuilder().sslContext(ctx).build()
          .send(HttpRequest.newBuilder(URI.create(a[0])).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) { print("HttpClient", e); }
  }
  static void print(String api, Throwable e) {
    String prefix = "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      System.out.println(api + "\t" + prefix + t);
      prefix = "Caused by: ";
    }
  }
}
"""


def jdk(stem, port):
    host = HOST.get(stem, "localhost")
    store = os.path.join(TMP, stem + "-trust.p12")
    if not os.path.exists(store):
        run(["keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", trust(stem), "-keystore", store,
             "-storetype", "PKCS12", "-storepass", "changeit"])
    src = os.path.join(TMP, "Gen.java")
    with open(src, "w") as f:
        f.write(JAVA)
    out = run(["java", src, f"https://{host}:{port}/", store, "1" if stem == "protocol" else "0"])
    for l in out.splitlines():
        if "\t" in l:
            api, line = l.split("\t", 1)
            row(FAMILY[stem], "jdk", f"generated: java Gen.java ({api} to https://{host}:PORT/, truststore holding ca.pem)", line)


def main():
    try:
        leaf = pki()
        ports = {stem: serve(stem, *leaf[stem]) for stem in FAMILY}
        for stem, port in ports.items():
            for client in (openssl, curl, python_ssl, python_urllib3, python_requests, node, jdk):
                client(stem, port)
        for stem, line in SERVER_ERRORS:
            # The server's view: the client aborted with an alert about our certificate.
            if "alert" in line.lower() and stem != "protocol":
                row("remote_rejected", "python", "generated: the Python ssl server of scenario " + stem + " (server side)", line)
            elif stem == "protocol":
                row("handshake_failure", "python", "generated: the Python ssl server of scenario protocol (server side)", line)
        print("# family\tstack\tsource\tline (generated by generate-lines.sh on loopback; PORT is a random local port)")
        seen = set()
        for r in ROWS:
            key = (r[0], r[1], r[3])
            if key not in seen:
                seen.add(key)
                print("\t".join(r))
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
