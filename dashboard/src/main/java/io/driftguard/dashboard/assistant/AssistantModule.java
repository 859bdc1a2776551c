package io.driftguard.dashboard.assistant;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The assistant's beans in one place, for test slices that import them (the application scans them). */
@Configuration(proxyBeanMethods = false)
@Import({Assistant.class, AssistantService.class, Conversations.class, AssistantMetrics.class, FirstAnalysis.class})
public class AssistantModule {}
