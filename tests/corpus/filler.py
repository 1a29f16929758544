# ruff: noqa: E501
"""Plausible non-secret code for every language: the bulk of each corpus file.

Filler deliberately uses the words secret scanners key on (token, password, key, secret,
auth) in harmless roles, as real code does.
"""

from __future__ import annotations

from tests import fakes
from tests.corpus.core import G

NOUNS = ["order", "invoice", "customer", "shipment", "payment", "account", "report", "user",
         "session", "event", "ticket", "product", "inventory", "subscription", "webhook",
         "notification", "refund", "tenant", "audit", "upload"]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _plural(s: str) -> str:
    return s + ("es" if s.endswith(("s", "sh")) else "s")


# --------------------------------------------------------------------------- Python
def py_block(g: G) -> str:
    n = g.pick(NOUNS)
    c = _cap(n)
    blocks = [
        f'''

@dataclass(frozen=True)
class {c}:
    """A {n} as the API returns it."""

    id: str
    created_at: datetime
    status: str = "pending"
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def is_final(self) -> bool:
        return self.status in {{"completed", "cancelled", "failed"}}
''',
        f'''

def list_{_plural(n)}(session: Session, tenant_id: str, limit: int = 100) -> list[{c}]:
    """Return the newest {_plural(n)} of a tenant, newest first."""
    query = (
        session.query({c})
        .filter({c}.tenant_id == tenant_id)
        .order_by({c}.created_at.desc())
        .limit(limit)
    )
    return list(query)
''',
        '''

def verify_token(token: str, audience: str) -> dict[str, Any]:
    """Decode and check a bearer token issued by our identity provider."""
    if not token:
        raise AuthError("missing token")
    header = jwt.get_unverified_header(token)
    key = _jwks_client().get_signing_key(header["kid"]).key
    return jwt.decode(token, key, algorithms=["RS256"], audience=audience)
''',
        f'''

class {c}Repository:
    def __init__(self, pool: Pool) -> None:
        self._pool = pool
        self._cache: dict[str, {c}] = {{}}

    async def get(self, {n}_id: str) -> {c} | None:
        if {n}_id in self._cache:
            return self._cache[{n}_id]
        row = await self._pool.fetchrow("SELECT * FROM {_plural(n)} WHERE id = $1", {n}_id)
        if row is None:
            return None
        obj = {c}(**dict(row))
        self._cache[{n}_id] = obj
        return obj
''',
        f'''

def _cache_key(tenant: str, {n}_id: str) -> str:
    # keys are namespaced per tenant so a flush of one tenant never touches another
    return f"{{tenant}}:{n}:{{{n}_id}}"


def retry(fn: Callable[..., T], attempts: int = 3, backoff: float = 0.5) -> T:
    for attempt in range(attempts):
        try:
            return fn()
        except (ConnectionError, TimeoutError):
            if attempt == attempts - 1:
                raise
            time.sleep(backoff * 2 ** attempt)
    raise RuntimeError("unreachable")
''',
        f'''

@router.post("/{_plural(n)}", status_code=201)
async def create_{n}(payload: {c}In, user: User = Depends(current_user)) -> {c}Out:
    """Create a {n}; only members of the tenant may do so."""
    if not user.can("write:{_plural(n)}"):
        raise HTTPException(status_code=403, detail="forbidden")
    {n} = await service.create(payload, created_by=user.id)
    logger.info("created {n} %s for %s", {n}.id, user.email)
    return {c}Out.from_orm({n})
''',
        '''

def hash_password(password: str) -> str:
    """Hash a user password with the configured hasher; never store plain text."""
    return make_password(password)


def check_reset_token(user: User, token: str) -> bool:
    return default_token_generator.check_token(user, token)
''',
        f'''

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Export {_plural(n)} to CSV")
    parser.add_argument("--since", type=date.fromisoformat, required=True)
    parser.add_argument("--out", type=Path, default=Path("{_plural(n)}.csv"))
    parser.add_argument("--token-file", type=Path, help="file holding the API token")
    parser.add_argument("--dry-run", action="store_true")
    return parser.parse_args(argv)
''',
        f'''

def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def upload_{_plural(n)}(bucket: str, prefix: str, rows: list[dict[str, Any]]) -> int:
    s3 = boto3.client("s3")
    count = 0
    for i, batch in enumerate(chunked(rows, 500)):
        body = "\\n".join(json.dumps(r, default=str) for r in batch)
        s3.put_object(Bucket=bucket, Key=f"{{prefix}}/part-{{i:05d}}.jsonl", Body=body)
        count += len(batch)
    return count
''',
    ]
    return g.pick(blocks)


PY_IMPORTS = '''from __future__ import annotations

import argparse
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
logger = logging.getLogger(__name__)
'''


def python(g: G, blocks: int | None = None) -> str:
    return "".join(py_block(g) for _ in range(blocks or g.r.randint(2, 5)))


# --------------------------------------------------------------------------- JS / TS
def js_block(g: G, ts: bool = False) -> str:
    n = g.pick(NOUNS)
    c = _cap(n)
    t = (lambda s: s) if ts else (lambda s: "")
    blocks = [
        f'''
export async function fetch{c}s(client{t(": ApiClient")}, page{t(": number")} = 1){t(f": Promise<{c}[]>")} {{
  const res = await client.get(`/api/v2/{_plural(n)}?page=${{page}}&per_page=50`);
  if (!res.ok) {{
    throw new Error(`failed to load {_plural(n)}: ${{res.status}}`);
  }}
  const body = await res.json();
  return body.items.map(({n}{t(": any")}) => ({{ ...{n}, createdAt: new Date({n}.created_at) }}));
}}
''',
        f'''
export function use{c}(id{t(": string")}) {{
  const [{n}, set{c}] = useState{t(f"<{c} | null>")}(null);
  const [loading, setLoading] = useState(true);
  const {{ token }} = useAuth();

  useEffect(() => {{
    let cancelled = false;
    api.get{c}(id, {{ token }}).then((data) => {{
      if (!cancelled) {{
        set{c}(data);
        setLoading(false);
      }}
    }});
    return () => {{
      cancelled = true;
    }};
  }}, [id, token]);

  return {{ {n}, loading }};
}}
''',
        f'''
router.post('/{_plural(n)}', requireAuth, async (req, res, next) => {{
  try {{
    const {{ error, value }} = {n}Schema.validate(req.body);
    if (error) return res.status(400).json({{ error: error.message }});
    const created = await {c}.create({{ ...value, ownerId: req.user.id }});
    logger.info({{ id: created.id }}, '{n} created');
    return res.status(201).json(created);
  }} catch (err) {{
    return next(err);
  }}
}});
''',
        f'''
const TOKEN_STORAGE_KEY = 'acme.auth.token';

export function saveToken(token{t(": string")}){t(": void")} {{
  window.localStorage.setItem(TOKEN_STORAGE_KEY, token);
}}

export function clearSession(){t(": void")} {{
  window.localStorage.removeItem(TOKEN_STORAGE_KEY);
  document.cookie = 'session=; Max-Age=0; path=/';
}}
''',
        f'''
export const {n}Columns = [
  {{ key: 'id', title: 'ID', width: 120 }},
  {{ key: 'status', title: 'Status', width: 90, render: (s{t(": string")}) => <Badge status={{s}} /> }},
  {{ key: 'createdAt', title: 'Created', sortable: true }},
  {{ key: 'owner', title: 'Owner', render: (u{t(": User")}) => u.displayName }},
];
''',
        f'''
function debounce(fn, wait = 250) {{
  let timer;
  return (...args) => {{
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  }};
}}

export const search{c}s = debounce(async (q) => {{
  const params = new URLSearchParams({{ q, limit: '20' }});
  return fetch(`/api/search/{_plural(n)}?${{params}}`).then((r) => r.json());
}});
''',
    ]
    if ts:
        blocks.append(f'''
export interface {c} {{
  id: string;
  tenantId: string;
  status: 'pending' | 'active' | 'closed';
  createdAt: Date;
  tags?: string[];
}}

export type {c}Patch = Partial<Omit<{c}, 'id' | 'tenantId'>>;
''')
    return g.pick(blocks)


def javascript(g: G, ts: bool = False, blocks: int | None = None) -> str:
    return "".join(js_block(g, ts) for _ in range(blocks or g.r.randint(2, 5)))


# --------------------------------------------------------------------------- Go
def go_block(g: G) -> str:
    n = g.pick(NOUNS)
    c = _cap(n)
    blocks = [
        f'''
// {c} is a row of the {_plural(n)} table.
type {c} struct {{
	ID        string    `json:"id" db:"id"`
	TenantID  string    `json:"tenant_id" db:"tenant_id"`
	Status    string    `json:"status" db:"status"`
	CreatedAt time.Time `json:"created_at" db:"created_at"`
}}
''',
        f'''
func (s *Server) handleGet{c}(w http.ResponseWriter, r *http.Request) {{
	id := chi.URLParam(r, "id")
	{n}, err := s.store.Get{c}(r.Context(), id)
	if errors.Is(err, sql.ErrNoRows) {{
		http.Error(w, "not found", http.StatusNotFound)
		return
	}}
	if err != nil {{
		s.log.Error("get {n}", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode({n})
}}
''',
        '''
func authMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if token == "" {
			http.Error(w, "missing token", http.StatusUnauthorized)
			return
		}
		claims, err := verifier.Verify(r.Context(), token)
		if err != nil {
			http.Error(w, "invalid token", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), claimsKey, claims)))
	})
}
''',
        '''
func retry(ctx context.Context, attempts int, fn func() error) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = fn(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(1<<i) * 200 * time.Millisecond):
		}
	}
	return fmt.Errorf("after %d attempts: %w", attempts, err)
}
''',
        f'''
func (c *Consumer) process{c}s(ctx context.Context, msgs []types.Message) error {{
	for _, m := range msgs {{
		var ev {c}Event
		if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &ev); err != nil {{
			c.log.Warn("bad message", "id", aws.ToString(m.MessageId), "err", err)
			continue
		}}
		if err := c.handler.Handle(ctx, ev); err != nil {{
			return err
		}}
	}}
	return nil
}}
''',
    ]
    return g.pick(blocks)


def golang(g: G, blocks: int | None = None) -> str:
    return "".join(go_block(g) for _ in range(blocks or g.r.randint(2, 4)))


# --------------------------------------------------------------------------- Java / Kotlin / C#
def java_block(g: G) -> str:
    n = g.pick(NOUNS)
    c = _cap(n)
    blocks = [
        f'''
    public Optional<{c}> find{c}(String id) {{
        if (id == null || id.isBlank()) {{
            return Optional.empty();
        }}
        return repository.findById(id).map(this::enrich);
    }}
''',
        f'''
    @PostMapping("/{_plural(n)}")
    public ResponseEntity<{c}Dto> create(@Valid @RequestBody Create{c}Request request,
                                          @AuthenticationPrincipal Jwt principal) {{
        log.info("creating {n} for {{}}", principal.getSubject());
        {c} saved = service.create(request, principal.getSubject());
        return ResponseEntity.status(HttpStatus.CREATED).body(mapper.toDto(saved));
    }}
''',
        '''
    private static String tokenCacheKey(String tenant, String clientId) {
        // the token cache is per tenant and client; the value is never logged
        return tenant + ":" + clientId;
    }

    private boolean isExpired(Instant expiresAt) {
        return expiresAt.minus(Duration.ofSeconds(30)).isBefore(clock.instant());
    }
''',
        f'''
    @Scheduled(cron = "0 */15 * * * *")
    public void sync{c}s() {{
        List<{c}> pending = repository.findByStatus(Status.PENDING, PageRequest.of(0, 200));
        for ({c} item : pending) {{
            try {{
                client.push(item);
                item.setStatus(Status.SYNCED);
            }} catch (RemoteException e) {{
                log.warn("push failed for {{}}: {{}}", item.getId(), e.getMessage());
            }}
        }}
        repository.saveAll(pending);
    }}
''',
    ]
    return g.pick(blocks)


def java(g: G, blocks: int | None = None) -> str:
    return "".join(java_block(g) for _ in range(blocks or g.r.randint(2, 4)))


def kotlin_block(g: G) -> str:
    n = g.pick(NOUNS)
    c = _cap(n)
    return g.pick([
        f'''
data class {c}(
    val id: String,
    val tenantId: String,
    val status: Status = Status.PENDING,
    val createdAt: Instant = Instant.now(),
)
''',
        f'''
class {c}ViewModel(private val repo: {c}Repository) : ViewModel() {{
    private val _state = MutableStateFlow<UiState>(UiState.Loading)
    val state: StateFlow<UiState> = _state

    fun load(id: String) = viewModelScope.launch {{
        _state.value = runCatching {{ repo.get(id) }}
            .fold({{ UiState.Loaded(it) }}, {{ UiState.Error(it.message ?: "unknown") }})
    }}
}}
''',
    ])


def csharp_block(g: G) -> str:
    n = g.pick(NOUNS)
    c = _cap(n)
    return g.pick([
        f'''
        public async Task<{c}?> Get{c}Async(Guid id, CancellationToken ct = default)
        {{
            using var conn = await _factory.OpenAsync(ct);
            return await conn.QuerySingleOrDefaultAsync<{c}>(
                "SELECT * FROM {_plural(n)} WHERE Id = @id", new {{ id }});
        }}
''',
        f'''
        [HttpPost("{_plural(n)}")]
        [Authorize(Policy = "{_plural(n)}:write")]
        public async Task<IActionResult> Create([FromBody] Create{c}Command command)
        {{
            var result = await _mediator.Send(command);
            _logger.LogInformation("Created {n} {{Id}}", result.Id);
            return CreatedAtAction(nameof(Get), new {{ id = result.Id }}, result);
        }}
''',
        f'''
        private static string CacheKey(string tenant, string tokenType) =>
            $"{{tenant}}:{{tokenType}}:{n}";

        public bool IsTokenExpired(DateTimeOffset expiresOn) =>
            expiresOn <= DateTimeOffset.UtcNow.AddMinutes(2);
''',
    ])


# --------------------------------------------------------------------------- Ruby / PHP / Rust
def ruby_block(g: G) -> str:
    n = g.pick(NOUNS)
    c = _cap(n)
    return g.pick([
        f'''
  def create
    @{n} = current_user.{_plural(n)}.build({n}_params)
    if @{n}.save
      redirect_to @{n}, notice: "{c} was successfully created."
    else
      render :new, status: :unprocessable_entity
    end
  end
''',
        '''
  def self.authenticate(email, password)
    user = find_by(email: email.downcase)
    user if user&.authenticate(password)
  end

  def regenerate_api_token!
    update!(api_token_digest: Digest::SHA256.hexdigest(SecureRandom.hex(32)))
  end
''',
        '''
  scope :recent, -> { where("created_at > ?", 30.days.ago).order(created_at: :desc) }
  validates :status, inclusion: { in: %w[pending active closed] }
  belongs_to :tenant
  has_many :line_items, dependent: :destroy
''',
    ])


def php_block(g: G) -> str:
    n = g.pick(NOUNS)
    c = _cap(n)
    return g.pick([
        f'''
    public function show(Request $request, string $id): JsonResponse
    {{
        ${n} = {c}::where('tenant_id', $request->user()->tenant_id)->findOrFail($id);
        $this->authorize('view', ${n});
        return response()->json(new {c}Resource(${n}));
    }}
''',
        '''
    public function login(Request $request)
    {
        $credentials = $request->validate([
            'email' => ['required', 'email'],
            'password' => ['required', 'string', 'min:8'],
        ]);
        if (Auth::attempt($credentials, $request->boolean('remember'))) {
            $request->session()->regenerate();
            return redirect()->intended('dashboard');
        }
        return back()->withErrors(['email' => 'The provided credentials do not match.']);
    }
''',
    ])


def rust_block(g: G) -> str:
    n = g.pick(NOUNS)
    c = _cap(n)
    return g.pick([
        f'''
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct {c} {{
    pub id: Uuid,
    pub tenant_id: String,
    pub status: Status,
    pub created_at: DateTime<Utc>,
}}
''',
        f'''
pub async fn get_{n}(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<{c}>, AppError> {{
    let row = sqlx::query_as::<_, {c}>("SELECT * FROM {_plural(n)} WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(row))
}}
''',
        '''
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}
''',
    ])


# --------------------------------------------------------------------------- shell / yaml
def shell_block(g: G) -> str:
    n = g.pick(NOUNS)
    return g.pick([
        '''
log() { printf '%s [%s] %s\\n' "$(date -u +%FT%TZ)" "${SCRIPT_NAME:-deploy}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
''',
        f'''
for region in us-east-1 eu-west-1 ap-southeast-2; do
  log "syncing {_plural(n)} in $region"
  aws s3 sync "./dist/{_plural(n)}" "s3://${{BUCKET}}/{_plural(n)}/$region" --region "$region" --delete
done
''',
        '''
if ! command -v jq >/dev/null 2>&1; then
  die "jq is required"
fi
STACK_STATUS=$(aws cloudformation describe-stacks --stack-name "$STACK" --query 'Stacks[0].StackStatus' --output text)
log "stack $STACK is $STACK_STATUS"
''',
        '''
retry() {
  local n=0
  until "$@"; do
    n=$((n + 1))
    [ "$n" -ge 5 ] && return 1
    sleep $((n * 2))
  done
}
''',
        f'''
TAG="$(git rev-parse --short HEAD)"
docker build -t "${{REGISTRY}}/{n}-service:${{TAG}}" .
docker push "${{REGISTRY}}/{n}-service:${{TAG}}"
kubectl -n {n} set image deployment/{n}-service app="${{REGISTRY}}/{n}-service:${{TAG}}"
''',
    ])


def shell(g: G, blocks: int | None = None) -> str:
    return "".join(shell_block(g) for _ in range(blocks or g.r.randint(1, 3)))


def log_lines(g: G, count: int) -> str:
    """Application log lines full of IDs that look random but are not secrets."""
    out = []
    for _ in range(count):
        ts = (f"2024-0{g.r.randint(1, 9)}-{g.r.randint(10, 28)}T{g.r.randint(10, 23)}:"
              f"{g.r.randint(10, 59)}:{g.r.randint(10, 59)}.{g.r.randint(100, 999)}Z")
        kind = g.r.randint(0, 5)
        if kind == 0:
            out.append(f"{ts} INFO  s3.put_object bucket=acme-exports key=reports/{fakes.uuid4(g.s())}.csv "
                       f"etag=\"{fakes.s3_etag(g.s())}\" request_id={fakes.aws_request_id(g.s())}")
        elif kind == 1:
            out.append(f"{ts} DEBUG deploy commit={fakes.git_sha(g.s())} image_digest=sha256:"
                       f"{fakes.sha256_hex(g.s())}")
        elif kind == 2:
            out.append(f"{ts} WARN  retrying x-amz-request-id={fakes.hex_string(g.s(), 16).upper()} "
                       f"x-amz-id-2={fakes.amz_id_2(g.s())}")
        elif kind == 3:
            out.append(f"{ts} INFO  user login ok user_id={fakes.uuid4(g.s())} session="
                       f"{fakes.hex_string(g.s(), 32)} ip={g.ip()}")
        elif kind == 4:
            out.append(f"{ts} INFO  GET /api/v2/{g.pick(NOUNS)}s 200 {g.r.randint(3, 900)}ms "
                       f"trace_id={fakes.hex_string(g.s(), 32)} span_id={fakes.hex_string(g.s(), 16)}")
        else:
            out.append(f"{ts} ERROR token refresh failed: invalid_grant (client_id="
                       f"{g.r.randint(10**11, 10**12)}-{fakes.rand(g.s(), fakes.HEX + 'ghijklmnopqrstuv', 32)}"
                       ".apps.googleusercontent.com)")
    return "\n".join(out) + "\n"
