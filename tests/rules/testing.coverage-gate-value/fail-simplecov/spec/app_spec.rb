RSpec.describe "app" do
  it("adds") { expect(1 + 1).to eq(2) }
end
