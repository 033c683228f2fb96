package io.certmedic.core.doctor;

import static io.certmedic.core.doctor.CheckTable.APP;
import static io.certmedic.core.doctor.CheckTable.NS;
import static io.certmedic.core.doctor.CheckTable.SVC;
import static io.certmedic.core.doctor.CheckTable.VWC;
import static io.certmedic.core.doctor.CheckTable.ca;
import static io.certmedic.core.doctor.CheckTable.healthyWebhook;
import static io.certmedic.core.doctor.CheckTable.row;
import static io.certmedic.core.doctor.CheckTable.want;
import static io.certmedic.core.finding.FindingCode.APISERVICE_ORPHANED;
import static io.certmedic.core.finding.FindingCode.CONVERSION_WEBHOOK_PLACEHOLDER;
import static io.certmedic.core.finding.FindingCode.SERVICE_NOT_FOUND;
import static io.certmedic.core.finding.FindingCode.SERVICE_PORT_NOT_FOUND;
import static io.certmedic.core.finding.Severity.CRITICAL;
import static io.certmedic.core.finding.Severity.ERROR;
import static io.certmedic.core.finding.Severity.INFO;
import static io.certmedic.core.finding.Severity.WARNING;

import io.certmedic.kube.snapshot.Fixture;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceReferenceTest {

  static Fixture callerOf(Fixture.Hook h) {
    return Fixture.manifest()
        .service(NS, "other", Map.of("app", "other"), 443, null)
        .webhooks("Validating", "hooks", h);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row("says nothing when the caller's Service and port exist", () -> healthyWebhook(ca())),
        row(
            "says nothing when the caller omits the port and the Service exposes 443",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, "8443")
                    .webhooks(
                        "Validating", "hooks", Fixture.hook("check.example.com").service(NS, SVC))),
        row(
            "is critical when failurePolicy is Fail and the Service is missing from a namespace whose Services the input holds",
            () ->
                callerOf(Fixture.hook("check.example.com").service(NS, SVC).failurePolicy("Fail")),
            want(
                SERVICE_NOT_FOUND,
                CRITICAL,
                VWC,
                "webhook \"check.example.com\" in ValidatingWebhookConfiguration hooks calls Service team/hook-svc, which does not exist"
                    + " (failurePolicy Fail: the API server refuses CREATE,UPDATE apps/deployments)")),
        row(
            "is critical when failurePolicy is omitted, as the API server defaults it to Fail",
            () -> callerOf(Fixture.hook("check.example.com").service(NS, SVC)),
            want(
                SERVICE_NOT_FOUND,
                CRITICAL,
                VWC,
                "calls Service team/hook-svc, which does not exist")),
        row(
            "is error when failurePolicy is Ignore",
            () ->
                callerOf(
                    Fixture.hook("check.example.com").service(NS, SVC).failurePolicy("Ignore")),
            want(
                SERVICE_NOT_FOUND,
                ERROR,
                VWC,
                "calls Service team/hook-svc, which does not exist (failurePolicy Ignore: CREATE,UPDATE apps/deployments go through unchecked;"
                    + " only the API server log shows the failure)")),
        row(
            "says nothing of a missing Service when the input holds no Services of that namespace",
            () ->
                Fixture.manifest()
                    .service("elsewhere", "other", APP, 443, null)
                    .webhooks(
                        "Validating", "hooks", Fixture.hook("check.example.com").service(NS, SVC))),
        row(
            "reports SERVICE_PORT_NOT_FOUND when the caller's port is not one the Service exposes",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, "8443")
                    .webhooks(
                        "Validating",
                        "hooks",
                        Fixture.hook("check.example.com").service(NS, SVC).port(8443)),
            want(
                SERVICE_PORT_NOT_FOUND,
                CRITICAL,
                VWC,
                "calls port 8443 of Service team/hook-svc, which exposes [443] (failurePolicy Fail")),
        row(
            "reports the port as 443 when the caller omits it and the Service exposes another",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 9443, null)
                    .webhooks(
                        "Validating", "hooks", Fixture.hook("check.example.com").service(NS, SVC)),
            want(
                SERVICE_PORT_NOT_FOUND,
                CRITICAL,
                VWC,
                "calls port 443 of Service team/hook-svc, which exposes [9443]")),
        row(
            "says nothing of a URL webhook: there is no Service to find",
            () ->
                Fixture.manifest()
                    .service(NS, "other", APP, 443, null)
                    .webhooks(
                        "Validating",
                        "hooks",
                        Fixture.hook("check.example.com")
                            .url("https://hooks.example.com/validate"))),
        row(
            "warns that a two-version CRD's conversion webhook aimed at default/kubernetes:443 gets a 404, and never calls that Service missing",
            () ->
                Fixture.manifest()
                    .service("default", "other", APP, 443, null)
                    .conversionCrd(
                        "widgets.example.com",
                        List.of("v1beta1", "v1"),
                        Fixture.hook("").service("default", "kubernetes").path("/convert")),
            want(
                CONVERSION_WEBHOOK_PLACEHOLDER,
                WARNING,
                "CustomResourceDefinition widgets.example.com",
                "conversion webhook of CustomResourceDefinition widgets.example.com targets default/kubernetes:443/convert, the API server's own Service,"
                    + " which serves no /convert: conversion between v1beta1, v1 fails with 404 until an operator rewrites it")),
        row(
            "is info, not warning, for a single-version CRD's placeholder: it is never called",
            () ->
                Fixture.manifest()
                    .conversionCrd(
                        "gadgets.example.com",
                        List.of("v1alpha1"),
                        Fixture.hook("").service("default", "kubernetes").path("/convert")),
            want(
                CONVERSION_WEBHOOK_PLACEHOLDER,
                INFO,
                "CustomResourceDefinition gadgets.example.com",
                "targets the placeholder default/kubernetes:443; with one served version it is never called")),
        row(
            "says nothing of an admission webhook calling default/kubernetes:443: the API server calls itself with its own trust",
            () ->
                Fixture.manifest()
                    .service("default", "other", APP, 443, null)
                    .webhooks(
                        "Validating",
                        "hooks",
                        Fixture.hook("check.example.com").service("default", "kubernetes"))),
        row(
            "treats default/kubernetes on a port other than 443 as an ordinary Service, missing when the input holds default's Services",
            () ->
                Fixture.manifest()
                    .service("default", "other", APP, 443, null)
                    .webhooks(
                        "Validating",
                        "hooks",
                        Fixture.hook("check.example.com")
                            .service("default", "kubernetes")
                            .port(8443)),
            want(
                SERVICE_NOT_FOUND,
                CRITICAL,
                VWC,
                "calls Service default/kubernetes, which does not exist")),
        row(
            "reports APISERVICE_ORPHANED, error, for an APIService left behind by an OLM to Helm move",
            () ->
                Fixture.manifest()
                    .service(NS, SVC, APP, 443, null)
                    .apiService(
                        "v1alpha1.widgets.example.com", NS, "old-operator-service", null, false),
            want(
                APISERVICE_ORPHANED,
                ERROR,
                "APIService v1alpha1.widgets.example.com",
                "APIService v1alpha1.widgets.example.com is served by Service team/old-operator-service, which does not exist: it is left over from an uninstall"
                    + " or an OLM to Helm move, and the API group v1alpha1.widgets.example.com is unavailable")),
        row(
            "says nothing of an APIService whose Service's namespace the input does not hold",
            () ->
                Fixture.manifest()
                    .apiService(
                        "v1beta1.metrics.k8s.io", "kube-system", "metrics-server", null, true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(String sentence, CheckTable.Case c) {
    CheckTable.verify(new ServiceReference(), c);
  }
}
