package io.certmedic.core.explain;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Extracts the fields every stack's lines share: webhook, CRD, URL, host, port, path, Service,
 * peer, caller.
 */
final class Fields {

  /** Each pattern below is read right after its phrase, in a small window ({@link Near}). */
  private static final Pattern WEBHOOK = Near.tail("([^\"]+)\"");

  private static final Pattern CRD =
      Near.tail("([A-Za-z0-9.-]+)/([A-Za-z0-9]+), Kind=([A-Za-z0-9]+)");

  /** An APIService's name right before this phrase, read in a small window ({@link Near}). */
  private static final String FAILED_WITH = " failed with: ";

  private static final Pattern APISERVICE =
      Pattern.compile("(v[0-9]+(?:(?:alpha|beta)[0-9]+)?\\.[a-z0-9.-]+)$");
  private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>\\\\\\[\\]()|,`]+");

  /** A URL after one of these and a space (then perhaps {@code "} and {@code [}) is dialled. */
  private static final String[] VERBS = {
    "Get", "Post", "Put", "Patch", "Delete", "Head", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"
  };

  private static final String[] DOC_HOSTS = {
    "curl.haxx.se", "curl.se", "golang.org", "go.dev", "kubernetes.io", "github.com"
  };
  private static final Pattern PY_POOL = Near.tail("([^']+)', port=(\\d+)\\)");
  private static final Pattern CURL_CONNECTED = Near.tail("(\\S+) \\([^)]*\\) port (\\d+)");
  private static final Pattern DIAL = Near.tail("([A-Za-z0-9.-]+):(\\d+)");

  /** The peer's address right after this phrase, read in a small window ({@link Near}). */
  private static final String HANDSHAKE_FROM = "handshake error from ";

  private static final Pattern PEER =
      Near.tail("(\\[[0-9a-fA-F:]+\\]|[0-9.]+|[A-Za-z0-9.-]+):\\d+");
  private static final Pattern SVC =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.svc(\\.[a-z0-9.-]+)?\\.?");

  /**
   * Names a list keeps: a real certificate's list is far shorter; past this many the rest are
   * counted, not split, and the list ends with {@code (and N more)}.
   */
  static final int MAX_NAMES = 64;

  private static final String[] NAME_PREFIXES = {
    "DNS:", "IP Address:", "IP:", "DNSName:", "IPAddress:"
  };

  private Fields() {}

  /**
   * Undoes the quoting real logs add: {@code \"} and {@code \\\"} become quotes, {@code \n} and
   * {@code \t} escapes become spaces.
   */
  static String unescape(String line) {
    if (line.indexOf('\\') < 0) {
      return line;
    }
    return line.replace("\\\\\"", "\"")
        .replace("\\\"", "\"")
        .replace("\\n", " ")
        .replace("\\t", " ")
        .replace("\\r", " ");
  }

  static void extract(String line, ErrorFacts.Builder b) {
    extract(new Text(line), b);
  }

  static void extract(Text line, ErrorFacts.Builder b) {
    Matcher m = Near.after(line, "calling webhook \"", WEBHOOK);
    if (m != null) {
      b.webhook(m.group(1));
      b.caller("kube-apiserver");
    }
    m = Near.after(line, "conversion webhook for ", CRD);
    if (m != null) {
      b.crd(new CrdRef(m.group(1), m.group(2), m.group(3)));
      b.caller("kube-apiserver");
    }
    m = Near.before(line, FAILED_WITH, APISERVICE);
    if (m != null) {
      b.apiService(m.group(1));
      b.caller("kube-apiserver");
    }
    String url = line.contains("://") ? dialledUrl(line.toString()) : null;
    if (url != null) {
      b.url(url);
      parseUrl(url, b);
    } else if ((m = Near.after(line, "HTTPSConnectionPool(host='", PY_POOL)) != null) {
      b.host(m.group(1)).port(parsePort(m.group(2)));
    } else if ((m = Near.after(line, "Connected to ", CURL_CONNECTED)) != null) {
      b.host(m.group(1)).port(parsePort(m.group(2)));
    } else if ((m = Near.after(line, "dial tcp ", DIAL)) != null) {
      b.host(m.group(1)).port(parsePort(m.group(2)));
    }
    m = Near.after(line, HANDSHAKE_FROM, PEER);
    if (m == null) {
      m = Near.after(line, "rejected connection from \"", PEER); // etcd
    }
    if (m != null) {
      b.peer(m.group(1));
    }
    if (b.host == null && b.wanted != null && !b.wanted.isEmpty()) {
      b.host(b.wanted);
    }
    if (b.service == null) {
      ServiceRef s = service(b.host);
      if (s == null) {
        s = service(b.wanted);
      }
      b.service(s);
    }
    if (b.caller == null) {
      b.caller(caller(line));
    }
  }

  /**
   * The URL after an HTTP verb or "for" is the one dialled; others may be links to documentation.
   * Found by looking behind each URL with plain string comparisons: a pattern that looked for the
   * verbs first ran over the whole line, a thousand times slower than the URL's literal start.
   */
  private static String dialledUrl(String line) {
    if (!line.contains("://")) {
      return null;
    }
    Matcher m = URL.matcher(line);
    String other = null;
    while (m.find()) {
      String url = trimTail(m.group());
      if (dialled(line, m.start())) {
        return url;
      }
      if (other == null && !documentation(url)) {
        other = url;
      }
    }
    return other;
  }

  /** Whether {@code VERB "[} or {@code for } (at a word start) comes right before {@code start}. */
  private static boolean dialled(String line, int start) {
    if (start >= 4
        && line.startsWith("for ", start - 4)
        && (start == 4 || !isWordChar(line.charAt(start - 5)))) {
      return true;
    }
    int p = start;
    if (p > 0 && line.charAt(p - 1) == '[') {
      p--;
    }
    if (p > 0 && line.charAt(p - 1) == '"') {
      p--;
    }
    if (p == 0 || line.charAt(p - 1) != ' ') {
      return false;
    }
    for (String verb : VERBS) {
      if (line.startsWith(verb, p - 1 - verb.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return c == '_' || (c < 128 && Character.isLetterOrDigit(c));
  }

  private static boolean documentation(String url) {
    for (String h : DOC_HOSTS) {
      if (url.contains("://" + h + "/") || url.endsWith("://" + h)) {
        return true;
      }
    }
    return false;
  }

  /** The Service a {@code name.namespace.svc[.cluster.local]} host names, or null. */
  static ServiceRef service(String host) {
    if (host == null) {
      return null;
    }
    Matcher m = SVC.matcher(host.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      return new ServiceRef(m.group(3), m.group(1));
    }
    return null;
  }

  static String caller(Text line) {
    if (line.contains("pull image")
        || line.contains("Failed to pull")
        || line.contains("PullImage")
        || line.contains("ErrImagePull")
        || line.contains("pulling image")) {
      return "image-pull";
    }
    if (line.contains("kubelet")) {
      return "kubelet";
    }
    if (line.contains("Unable to connect to the server") || line.contains("memcache.go")) {
      return "kubectl";
    }
    if (line.contains("dispatcher.go")
        || line.contains("apiservice")
        || line.contains("APIService")) {
      return "kube-apiserver";
    }
    return null;
  }

  static void parseUrl(String url, ErrorFacts.Builder b) {
    int schemeEnd = url.indexOf("://");
    String rest = url.substring(schemeEnd + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String pathAndQuery = slash < 0 ? "" : rest.substring(slash);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    String host = authority;
    Integer port = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      host = close > 0 ? authority.substring(1, close) : authority;
      if (close > 0 && close + 1 < authority.length() && authority.charAt(close + 1) == ':') {
        port = parsePort(authority.substring(close + 2));
      }
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon > 0 && authority.indexOf(':') == colon) {
        host = authority.substring(0, colon);
        port = parsePort(authority.substring(colon + 1));
      }
    }
    b.host(host.isEmpty() ? null : host);
    if (port == null) {
      port = url.startsWith("https") ? 443 : 80;
    }
    b.port(port);
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    b.path(path.isEmpty() ? null : path);
  }

  private static Integer parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      return p > 0 && p < 65536 ? p : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Strips what Go's unquoted URLs and sentences leave at the end: {@code :}, {@code .}, {@code ;}.
   */
  static String trimTail(String s) {
    int end = s.length();
    while (end > 0 && ":.;'\"".indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(0, end);
  }

  /**
   * A name as it appears at the end of a phrase: without quotes, brackets and trailing punctuation.
   */
  static String cleanName(String s) {
    String t = s.strip();
    while (!t.isEmpty() && "\"'`(<".indexOf(t.charAt(0)) >= 0) {
      t = t.substring(1);
    }
    int end = t.length();
    while (end > 0 && "\"'`)>,:;".indexOf(t.charAt(end - 1)) >= 0) {
      end--;
    }
    if (end > 0
        && t.charAt(end - 1) == ']'
        && t.chars().filter(ch -> ch == '[').count() < t.chars().filter(ch -> ch == ']').count()) {
      end--;
    }
    t = t.substring(0, end);
    if (t.endsWith(".") && !t.equals(".")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }

  /**
   * Splits a name list such as {@code a, b, c} or {@code DNS:a, IP Address:1.2.3.4} or {@code 'a',
   * 'b'} at commas (and the whitespace after them) and at {@code and} between whitespace, by plain
   * scanning. At most {@link #MAX_NAMES} names are kept; if more entries follow, the last element
   * is {@code (and N more)}.
   */
  static List<String> names(String list) {
    List<String> out = new ArrayList<>();
    int n = list.length();
    int start = 0;
    int more = 0;
    while (start <= n) {
      int[] sep = nextSeparator(list, start);
      int end = sep == null ? n : sep[0];
      if (out.size() < MAX_NAMES) {
        String p = name(list.substring(start, end));
        if (!p.isEmpty()) {
          out.add(p);
        }
      } else if (!list.substring(start, end).isBlank()) {
        more++;
      }
      if (sep == null) {
        break;
      }
      start = sep[1];
    }
    if (more > 0) {
      out.add("(and " + more + " more)");
    }
    return out;
  }

  /** One entry of a list: without its {@code DNS:}-style prefix, quotes and punctuation. */
  private static String name(String part) {
    String p = part.strip();
    for (String prefix : NAME_PREFIXES) {
      if (p.startsWith(prefix)) {
        p = p.substring(prefix.length()).strip();
      }
    }
    return cleanName(p);
  }

  /**
   * {start, end} of the first separator at or after {@code from} (what {@code ,\s*|\s+and\s+}
   * finds, leftmost first), or null.
   */
  private static int[] nextSeparator(String s, int from) {
    int n = s.length();
    for (int i = from; i < n; i++) {
      char c = s.charAt(i);
      if (c == ',') {
        int e = i + 1;
        while (e < n && isRe2Space(s.charAt(e))) {
          e++;
        }
        return new int[] {i, e};
      }
      if (isRe2Space(c)) {
        int w = i;
        while (w < n && isRe2Space(s.charAt(w))) {
          w++;
        }
        if (s.startsWith("and", w) && w + 3 < n && isRe2Space(s.charAt(w + 3))) {
          int e = w + 4;
          while (e < n && isRe2Space(s.charAt(e))) {
            e++;
          }
          return new int[] {i, e};
        }
        i = w - 1; // no "and" after this run: go on after it
      }
    }
    return null;
  }

  /** RE2's {@code \s}: tab, line feed, form feed, carriage return, space. */
  private static boolean isRe2Space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }
}
