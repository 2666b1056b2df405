// placeholder until the store lands
namespace normcode {}
