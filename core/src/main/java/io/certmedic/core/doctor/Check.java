package io.certmedic.core.doctor;

import io.certmedic.core.finding.Finding;
import java.util.List;

/**
 * One thing the doctor looks for, named after what fails it. Pure: it reads the analysis (the
 * snapshot, the options, the resolved links) and returns findings with evidence.
 */
public interface Check {

  List<Finding> run(Analysis analysis);
}
