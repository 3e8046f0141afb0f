/// A least-recently-used map bounded by a byte budget (not thread-safe; `ResultCache` guards it).
struct LRUByteCache<Key: Hashable, Value> {
    private struct Node {
        var key: Key
        var value: Value
        var cost: Int
        var previous: Int?
        var next: Int?
    }

    private(set) var budget: Int
    private(set) var bytes = 0
    private(set) var evictions = 0
    private var nodes: [Node?] = []
    private var free: [Int] = []
    private var index: [Key: Int] = [:]
    private var head: Int?  // most recently used
    private var tail: Int?  // least recently used

    init(budget: Int) {
        self.budget = max(0, budget)
    }

    var count: Int { index.count }

    /// The value for `key`, marking it most recently used.
    mutating func value(for key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        moveToFront(slot)
        return nodes[slot]?.value
    }

    /// Inserts or replaces `key`, then evicts least recently used entries until within budget.
    /// An entry larger than the whole budget is not stored.
    mutating func insert(_ value: Value, for key: Key, cost: Int) {
        if let slot = index[key] { remove(slot) }
        guard cost <= budget else { return }
        let node = Node(key: key, value: value, cost: cost, previous: nil, next: head)
        let slot: Int
        if let reused = free.popLast() {
            nodes[reused] = node
            slot = reused
        } else {
            nodes.append(node)
            slot = nodes.count - 1
        }
        if let head { nodes[head]?.previous = slot }
        head = slot
        if tail == nil { tail = slot }
        index[key] = slot
        bytes += cost
        shrink(to: budget)
    }

    /// Changes the budget (evicting as needed).
    mutating func setBudget(_ newBudget: Int) {
        budget = max(0, newBudget)
        shrink(to: budget)
    }

    /// Evicts least recently used entries until at most `limit` bytes remain.
    mutating func shrink(to limit: Int) {
        while bytes > limit, let tail {
            remove(tail)
            evictions += 1
        }
    }

    mutating func removeAll() {
        nodes = []
        free = []
        index = [:]
        head = nil
        tail = nil
        bytes = 0
    }

    private mutating func remove(_ slot: Int) {
        guard let node = nodes[slot] else { return }
        if let previous = node.previous { nodes[previous]?.next = node.next } else { head = node.next }
        if let next = node.next { nodes[next]?.previous = node.previous } else { tail = node.previous }
        index[node.key] = nil
        bytes -= node.cost
        nodes[slot] = nil
        free.append(slot)
    }

    private mutating func moveToFront(_ slot: Int) {
        guard head != slot, let node = nodes[slot] else { return }
        if let previous = node.previous { nodes[previous]?.next = node.next }
        if let next = node.next { nodes[next]?.previous = node.previous } else { tail = node.previous }
        nodes[slot]?.previous = nil
        nodes[slot]?.next = head
        if let head { nodes[head]?.previous = slot }
        head = slot
    }
}
