/**
 * Choosing an agent within a team. The choice is pure: it is given the team's agents (as the user
 * keeps them in the agents table), each agent's open conversations and the ticket this assignment
 * holds. Tickets are claimed one by one per team (0, 1, 2 … each won by exactly one caller), which
 * makes round-robin exact under any concurrency: ticket n goes to available agent n mod k.
 */

export type AssignmentStrategy = 'roundRobin' | 'leastOpen' | 'capacity' | 'sticky';

export const ASSIGNMENT_STRATEGIES: AssignmentStrategy[] = ['roundRobin', 'leastOpen', 'capacity', 'sticky'];

export interface Agent {
	id: string;
	name: string;
	teams: string[];
	/** Most open conversations at once; 0 means no limit. */
	capacity: number;
	available: boolean;
	/** Where the agent is told about a conversation (a Slack user, an email …), free text. */
	contact: string;
}

export interface AssignmentInput {
	strategy: AssignmentStrategy;
	/** The team's agents in a stable order (the table's order). */
	agents: readonly Agent[];
	/** Open conversations per agent ID (needed for capacity, least-open and sticky). */
	openCount: ReadonlyMap<string, number>;
	/** The ticket this assignment won for its team. */
	ticket: number;
	/** For sticky: the customer's previous agent, if their last conversation is recent enough. */
	previousAgent?: string;
	/** For sticky: what to do when the previous agent cannot take it. */
	stickyFallback?: Exclude<AssignmentStrategy, 'sticky'>;
}

export interface AssignmentChoice {
	agent: string | null;
	strategy: AssignmentStrategy;
	/** Why nobody was chosen, or how the agent was chosen. */
	reason: string;
}

function hasRoom(agent: Agent, openCount: ReadonlyMap<string, number>): boolean {
	return agent.capacity <= 0 || (openCount.get(agent.id) ?? 0) < agent.capacity;
}

/** Agents that may take a conversation now: available and below their capacity. */
export function eligibleAgents(agents: readonly Agent[], openCount: ReadonlyMap<string, number>): Agent[] {
	return agents.filter((agent) => agent.available && hasRoom(agent, openCount));
}

function roundRobin(input: AssignmentInput): AssignmentChoice {
	const available = input.agents.filter((agent) => agent.available);
	if (available.length === 0) return { agent: null, strategy: 'roundRobin', reason: 'no agent of the team is available' };
	const k = available.length;
	// Ticket n → agent n mod k; when that agent is full, the next one in order that has room.
	for (let step = 0; step < k; step++) {
		const agent = available[(input.ticket + step) % k];
		if (hasRoom(agent, input.openCount)) return { agent: agent.id, strategy: 'roundRobin', reason: `ticket ${input.ticket} of ${k} available agents` };
	}
	return { agent: null, strategy: 'roundRobin', reason: 'every available agent is at capacity' };
}

function leastOpen(input: AssignmentInput): AssignmentChoice {
	const eligible = eligibleAgents(input.agents, input.openCount);
	if (eligible.length === 0) return { agent: null, strategy: 'leastOpen', reason: 'no available agent has room' };
	// Fewest open conversations; ties go round-robin by ticket so equal agents share the work.
	const least = Math.min(...eligible.map((a) => input.openCount.get(a.id) ?? 0));
	const tied = eligible.filter((a) => (input.openCount.get(a.id) ?? 0) === least);
	const agent = tied[input.ticket % tied.length];
	return { agent: agent.id, strategy: 'leastOpen', reason: `${least} open conversations` };
}

function capacity(input: AssignmentInput): AssignmentChoice {
	const eligible = eligibleAgents(input.agents, input.openCount).filter((a) => a.capacity > 0);
	if (eligible.length === 0) return { agent: null, strategy: 'capacity', reason: 'no available agent with a capacity has room' };
	// Lowest share of capacity in use: an agent with capacity 10 and 5 open (50%) before one with 2 of 3 (67%).
	const load = (a: Agent) => (input.openCount.get(a.id) ?? 0) / a.capacity;
	const lowest = Math.min(...eligible.map(load));
	const tied = eligible.filter((a) => load(a) === lowest);
	const agent = tied[input.ticket % tied.length];
	return { agent: agent.id, strategy: 'capacity', reason: `${Math.round(lowest * 100)}% of capacity in use` };
}

export function chooseAgent(input: AssignmentInput): AssignmentChoice {
	switch (input.strategy) {
		case 'roundRobin':
			return roundRobin(input);
		case 'leastOpen':
			return leastOpen(input);
		case 'capacity':
			return capacity(input);
		case 'sticky': {
			const previous = input.previousAgent ? input.agents.find((a) => a.id === input.previousAgent) : undefined;
			if (previous && previous.available && hasRoom(previous, input.openCount)) {
				return { agent: previous.id, strategy: 'sticky', reason: 'the customer’s previous agent' };
			}
			const fallback = chooseAgent({ ...input, strategy: input.stickyFallback ?? 'roundRobin' });
			const why = previous ? 'previous agent unavailable or full' : 'no recent previous agent';
			return { ...fallback, reason: `${why}; ${fallback.reason}` };
		}
		default:
			return { agent: null, strategy: input.strategy, reason: `unknown strategy ${String(input.strategy)}` };
	}
}

/** Whether the strategy needs earlier assignments of the team to be visible before choosing. */
export function needsSerialOrder(strategy: AssignmentStrategy, agents: readonly Agent[]): boolean {
	if (strategy === 'roundRobin') return agents.some((a) => a.capacity > 0);
	return true;
}

/** An agents-table row → an agent; rows without an ID are skipped by the caller. */
export function agentFromRow(row: Record<string, unknown>): Agent | undefined {
	const id = typeof row.agent === 'string' ? row.agent.trim() : typeof row.agent === 'number' ? String(row.agent) : '';
	if (!id) return undefined;
	const teams = String(row.teams ?? row.team ?? '')
		.split(',')
		.map((t) => t.trim())
		.filter(Boolean);
	const available = row.available === true || row.available === 'true' || row.available === 1;
	const cap = Number(row.capacity ?? 0);
	return {
		id,
		name: typeof row.name === 'string' && row.name !== '' ? row.name : id,
		teams,
		capacity: Number.isFinite(cap) && cap > 0 ? Math.floor(cap) : 0,
		available,
		contact: typeof row.contact === 'string' ? row.contact : '',
	};
}
