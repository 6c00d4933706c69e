// concurrency/in-app-process-manager: a process that forks workers and forks them again when they die, doing the
// job of the platform's process manager inside the app.
import { defineRule, type ProjectContext } from '../../core/types';
import { runsServerOrWorker } from '../../detect/appCode';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';
import { inAppProcessManagerJs } from '../../lang/js/checks/concurrency/in-app-process-manager';

export const inAppProcessManager = defineRule({
  meta: {
    id: 'concurrency/in-app-process-manager',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'concurrency',
    severity: 'info',
    description: 'A cluster primary that forks workers again when they exit, supervising its own processes.',
    why: "Supervising processes is the platform's job (factor VIII): Procfile process types, Kubernetes or systemd restart crashed processes, and an in-app respawn loop hides crashes from them. Run one process per container or dyno, let the platform restart it, and scale by adding processes.",
    messages: {
      throng:
        'throng forks the workers and forks a new one whenever one exits, so the app supervises its own processes.',
      exits: 'This forks a new worker when one exits, so the app supervises its own processes.',
      disconnects: 'This forks a new worker when one disconnects, so the app supervises its own processes.',
    },
  },
  sources: [inAppProcessManagerJs],
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
});
