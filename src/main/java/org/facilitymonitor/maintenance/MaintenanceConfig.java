package org.facilitymonitor.maintenance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Work-order deadlines and escalation ({@code fm.maintenance.*}). */
@ConfigMapping(prefix = "fm.maintenance")
public interface MaintenanceConfig {

    /** Step deadlines per priority; dispatch, start and complete count from the request, accept from the completion. */
    Deadlines deadlines();

    Escalation escalation();

    /** Preventive-maintenance plans. */
    Plans plans();

    /** Abuse limits of the public request form (per service instance). */
    RequestForm requestForm();

    interface Deadlines {
        /** P1: urgent (safety, outage). */
        P1 p1();

        /** P2: high (degraded service). */
        P2 p2();

        /** P3: normal. */
        P3 p3();

        /** P4: low (cosmetic, whenever convenient). */
        P4 p4();
    }

    /** The four step deadlines of one priority. */
    interface StepDeadlines {
        /** Request until dispatched to a technician or team. */
        Duration dispatch();

        /** Request until work started. */
        Duration start();

        /** Request until completed. */
        Duration complete();

        /** Completion until accepted by the requester or verified by an engineer. */
        Duration accept();
    }

    interface P1 extends StepDeadlines {
        @Override
        @WithDefault("15m")
        Duration dispatch();

        @Override
        @WithDefault("1h")
        Duration start();

        @Override
        @WithDefault("4h")
        Duration complete();

        @Override
        @WithDefault("1d")
        Duration accept();
    }

    interface P2 extends StepDeadlines {
        @Override
        @WithDefault("1h")
        Duration dispatch();

        @Override
        @WithDefault("4h")
        Duration start();

        @Override
        @WithDefault("1d")
        Duration complete();

        @Override
        @WithDefault("2d")
        Duration accept();
    }

    interface P3 extends StepDeadlines {
        @Override
        @WithDefault("4h")
        Duration dispatch();

        @Override
        @WithDefault("1d")
        Duration start();

        @Override
        @WithDefault("3d")
        Duration complete();

        @Override
        @WithDefault("3d")
        Duration accept();
    }

    interface P4 extends StepDeadlines {
        @Override
        @WithDefault("1d")
        Duration dispatch();

        @Override
        @WithDefault("5d")
        Duration start();

        @Override
        @WithDefault("10d")
        Duration complete();

        @Override
        @WithDefault("5d")
        Duration accept();
    }

    interface Escalation {
        /** How often each instance looks for late steps ({@code off} disables the job on this instance). */
        @WithDefault("1m")
        String every();

        /** Late steps handled per run at most; the rest wait for the next run. */
        @WithDefault("500")
        int batchSize();
    }

    interface Plans {
        /** How often each instance generates the due occurrences of every enabled plan ({@code off} disables the job on this instance). */
        @WithDefault("1m")
        String every();

        /** A calendar plan's default catch-up: how many already-due occurrences one run opens after missed runs. */
        @WithDefault("1")
        int catchUp();
    }

    interface RequestForm {
        /** Requests one client address may post per window. */
        @WithDefault("10")
        int perClient();

        /** Requests posted for one asset per window, from all clients together. */
        @WithDefault("5")
        int perAsset();

        @WithDefault("1h")
        Duration window();

        /** Client addresses remembered at most; when full, a new address waits until old ones expire. */
        @WithDefault("10000")
        int trackedClients();
    }
}
