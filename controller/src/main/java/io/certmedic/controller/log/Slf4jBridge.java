package io.certmedic.controller.log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The one SLF4J provider certmedic ships: silent (as slf4j-nop was) until the controller points it
 * at its {@link Log} with {@link #route}; then the engine's lines (INFO and up) and fabric8's (WARN
 * and up: informer and leader-election trouble) come out in the controller's format.
 */
public final class Slf4jBridge implements SLF4JServiceProvider {

  private static final AtomicReference<Log> TARGET = new AtomicReference<>();

  /** Sends SLF4J lines to {@code log} from now on; null silences them again. */
  public static void route(Log log) {
    TARGET.set(log);
  }

  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();
  private final ILoggerFactory loggers = Bridged::new;

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  /** One named logger; its threshold depends on whose code it is. */
  static final class Bridged extends AbstractLogger {
    private static final long serialVersionUID = 1L;
    private final Level threshold;

    Bridged(String name) {
      this.name = name;
      this.threshold = name.startsWith("io.certmedic.") ? Level.INFO : Level.WARN;
    }

    private boolean on(Level l) {
      return TARGET.get() != null && l.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return on(Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return on(Level.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return on(Level.WARN);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return on(Level.ERROR);
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return on(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      Log log = TARGET.get();
      if (log == null || !on(level)) {
        return;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("logger", name);
      Log.Level l =
          switch (level) {
            case ERROR -> Log.Level.ERROR;
            case WARN -> Log.Level.WARN;
            case INFO -> Log.Level.INFO;
            default -> Log.Level.DEBUG;
          };
      log.log(l, MessageFormatter.basicArrayFormat(pattern, args), fields, t);
    }
  }
}
