-- Headless Neovim (0.7+) as a real LSP client of the Palisade server over stdio.
-- usage: PALISADE_SERVER=dist/server.js PALISADE_RULE=<rule id> [PALISADE_FIX=<action title>] \
--          nvim --headless --clean -n -u NONE -c 'luafile lsp-client.lua' <file>
-- Prints one line per observation (DIAG, HOVER, ACTION, APPLIED, AFTER, LINE) for the test to assert on; exits 0 after
-- PASS, 1 on the first failure. The file is never written.
local t0 = vim.loop.hrtime()
local function ms() return string.format('%7.1fms', (vim.loop.hrtime() - t0) / 1e6) end
local function out(s) io.stdout:write(s .. '\n') end
local function fail(s) out('FAIL ' .. s); vim.cmd('cquit 1') end

local server = os.getenv('PALISADE_SERVER')
local rule = os.getenv('PALISADE_RULE')
local fix_title = os.getenv('PALISADE_FIX')
if not server or not rule then return fail('PALISADE_SERVER and PALISADE_RULE must be set') end

local bufnr = vim.api.nvim_get_current_buf()
local file = vim.api.nvim_buf_get_name(bufnr)
local uri = vim.uri_from_bufnr(bufnr)

local client_id = vim.lsp.start_client({
  name = 'palisade',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  on_exit = function(code) if code ~= 0 then out('server exited with ' .. code) end end,
})
if not client_id then return fail('start_client') end
vim.lsp.buf_attach_client(bufnr, client_id)
out(ms() .. ' STARTED ' .. vim.fn.fnamemodify(file, ':t'))

local function code_of(d) return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) end
local function of_rule() return vim.tbl_filter(function(d) return code_of(d) == rule end, vim.diagnostic.get(bufnr)) end
local function print_diags(tag)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    out(string.format('%s %s %d:%d-%d:%d severity=%d source=%s code=%s %s', ms(), tag, d.lnum + 1, d.col + 1,
      d.end_lnum + 1, d.end_col + 1, d.severity, tostring(d.source), tostring(code_of(d)), d.message))
  end
end

-- 1) diagnostics pushed by the server
if not vim.wait(20000, function() return #of_rule() > 0 end, 10) then
  print_diags('DIAG')
  return fail('no ' .. rule .. ' diagnostic within 20 s')
end
print_diags('DIAG')
local target = of_rule()[1]

-- 2) hover on the finding
local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover',
  { textDocument = { uri = uri }, position = { line = target.lnum, character = target.col } }, 10000)
local hr = hover and hover[client_id] and hover[client_id].result
if not hr then return fail('no hover') end
local contents = hr.contents.value or (type(hr.contents) == 'string' and hr.contents) or vim.inspect(hr.contents)
out(ms() .. ' HOVER ' .. contents:gsub('\n', ' \\n '))

-- 3) quick fixes for the finding; apply the one titled PALISADE_FIX (default: the first fix with an edit)
-- back in LSP form (range, source, code, data) as the server published it
local lsp_diag
for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(bufnr, target.lnum)) do
  if d.code == rule and d.range.start.character == target.col then lsp_diag = d end
end
if not lsp_diag then return fail('the diagnostic in LSP form') end
local ca = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
  textDocument = { uri = uri },
  range = lsp_diag.range,
  context = { diagnostics = { lsp_diag }, only = { 'quickfix' } },
}, 10000)
local actions = ca and ca[client_id] and ca[client_id].result or {}
if #actions == 0 then return fail('no code actions') end
local chosen
for _, a in ipairs(actions) do
  out(ms() .. ' ACTION ' .. a.title .. (a.isPreferred and ' (preferred)' or ''))
  if not chosen and a.edit and (not fix_title or a.title == fix_title) then chosen = a end
end
if not chosen then return fail('no action to apply') end
local before = #of_rule()
vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
out(ms() .. ' APPLIED ' .. chosen.title)

-- 4) the server re-analyses the edited buffer: the finding is gone
if not vim.wait(20000, function() return #of_rule() < before end, 10) then
  print_diags('AFTER')
  return fail(rule .. ' still reported after the fix')
end
print_diags('AFTER')
local line = vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1]
out(ms() .. ' LINE ' .. (target.lnum + 1) .. ': ' .. line)

out(ms() .. ' PASS')
vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 10)
vim.cmd('qa!')
