require "simplecov"
SimpleCov.start "rails" do
  minimum_coverage 70
end
